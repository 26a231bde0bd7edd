package io.gitcollector.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The source files refused at a reload and why, so that a job of their platform fails at once with the reason
 * instead of "no route reads from direct:sync-…", and a trigger can be answered with it.
 */
@Component
public class RefusedSources {

    private record Refusal(Path file, Set<String> platforms, List<String> problems) {
    }

    private final Map<Path, Refusal> refused = new ConcurrentHashMap<>();

    /** Records a file (absolute) refused whole, with the platforms it serves ({@code direct:sync-<platform>}). */
    public void refuse(Path file, Set<String> platforms, List<String> problems) {
        refused.put(file, new Refusal(file, Set.copyOf(platforms), List.copyOf(problems)));
    }

    public boolean isRefused(Path file) {
        return refused.containsKey(file);
    }

    /** The file loaded: it is no longer refused. */
    public void accept(Path file) {
        refused.remove(file);
    }

    /**
     * "routes/x.yaml was refused: what is wrong" for a platform whose source file was refused and is still there
     * (a deleted file is no longer a reason); empty otherwise.
     */
    public Optional<String> reasonFor(String platform) {
        return refused.values().stream()
                .filter(refusal -> refusal.platforms().contains(platform) && Files.exists(refusal.file()))
                .findFirst()
                .map(refusal -> refusal.file() + " was refused, none of its routes run: " + String.join("; ", refusal.problems()));
    }
}
