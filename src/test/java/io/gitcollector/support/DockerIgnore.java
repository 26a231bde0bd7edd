package io.gitcollector.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code .dockerignore} as {@code docker build} applies it to the build context: patterns relative to the
 * context root, {@code *} within one path segment, {@code **} across segments, {@code !} re-including, the
 * last matching line winning, and a path excluded when it or one of its parent folders matches.
 */
public final class DockerIgnore {

    private record Rule(PathMatcher matcher, boolean exclude) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules of {@code contextRoot/.dockerignore}; none when the file does not exist. */
    public static DockerIgnore of(Path contextRoot) {
        Path file = contextRoot.resolve(".dockerignore");
        try {
            return parse(Files.exists(file) ? Files.readString(file) : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) {
                continue;
            }
            boolean exclude = !pattern.startsWith("!");
            pattern = exclude ? pattern : pattern.substring(1).strip();
            pattern = Path.of(pattern.replaceAll("^/+", "")).normalize().toString();
            rules.add(new Rule(FileSystems.getDefault().getPathMatcher("glob:" + pattern), exclude));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    /** Whether the file or folder at this path (relative to the context root) is left out of the context. */
    public boolean excludes(String relativePath) {
        Path path = Path.of(relativePath).normalize();
        boolean excluded = false;
        for (Rule rule : rules) {
            if (matchesItselfOrAParent(rule.matcher(), path)) {
                excluded = rule.exclude();
            }
        }
        return excluded;
    }

    private static boolean matchesItselfOrAParent(PathMatcher matcher, Path path) {
        for (Path p = path; p != null; p = p.getParent()) {
            if (matcher.matches(p)) {
                return true;
            }
        }
        return false;
    }
}
