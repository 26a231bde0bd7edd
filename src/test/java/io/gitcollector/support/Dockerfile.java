package io.gitcollector.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A Dockerfile read the way {@code docker build} reads it (line continuations, comment lines, stages,
 * exec and shell forms), so tests can check the image's instructions without a Docker engine. Only what
 * this project's Dockerfile uses is understood; variable substitution inside instructions is not.
 */
public final class Dockerfile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Stage> stages;

    private Dockerfile(List<Stage> stages) {
        this.stages = stages;
    }

    public static Dockerfile read(Path path) {
        try {
            return parse(Files.readString(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Dockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        for (Instruction instruction : instructions(text)) {
            if (instruction.keyword().equals("FROM")) {
                String[] words = instruction.arguments().split("\\s+");
                String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
                stages.add(new Stage(words[0], name, new ArrayList<>()));
            } else if (stages.isEmpty()) {
                if (!instruction.keyword().equals("ARG")) {
                    throw new IllegalArgumentException(instruction.keyword() + " before the first FROM");
                }
            } else {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no FROM");
        }
        return new Dockerfile(List.copyOf(stages));
    }

    public List<Stage> stages() {
        return stages;
    }

    public Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage named " + name));
    }

    /** The stage the image is made of. */
    public Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** Instructions, one per logical line: continuations joined, comment lines (even inside a continuation) dropped. */
    static List<Instruction> instructions(String text) {
        List<Instruction> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\\R", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String logical = current.toString().strip();
            current.setLength(0);
            if (logical.isEmpty()) {
                continue;
            }
            String[] parts = logical.split("\\s+", 2);
            result.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : ""));
        }
        if (current.length() > 0) {
            throw new IllegalArgumentException("the Dockerfile ends inside a line continuation");
        }
        return result;
    }

    /** The words of an exec form ({@code ["a", "b"]}), or {@code /bin/sh -c <text>} for a shell form, as Docker runs them. */
    public static List<String> command(String arguments) {
        String text = arguments.strip();
        if (text.startsWith("[")) {
            try {
                return List.of(JSON.readValue(text, String[].class));
            } catch (JsonProcessingException e) {
                // Docker runs text that is not a JSON array in a shell, as this does.
            }
        }
        return List.of("/bin/sh", "-c", text);
    }

    public record Instruction(String keyword, String arguments) {
    }

    /** A {@code COPY}: {@code from} is null for the build context. */
    public record Copy(String from, List<String> sources, String destination) {
    }

    public record Stage(String image, String name, List<Instruction> instructions) {

        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        public Optional<Instruction> last(String keyword) {
            List<Instruction> all = all(keyword);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
        }

        public List<String> runs() {
            return all("RUN").stream().map(Instruction::arguments).toList();
        }

        /**
         * The words of the first simple command (a RUN's text split at {@code &&}, {@code ||} and {@code ;})
         * that contains this text, e.g. {@code "-Djarmode=tools"} for the layer extraction.
         */
        public List<String> runCommandContaining(String text) {
            return runs().stream().flatMap(run -> List.of(run.split("&&|\\|\\||;")).stream())
                    .map(String::strip).filter(command -> command.contains(text)).findFirst()
                    .map(command -> List.of(command.split("\\s+")))
                    .orElseThrow(() -> new IllegalStateException("no RUN command with " + text + " in stage " + name));
        }

        /** The work dir in effect at the end of the stage ("/" when none is set). */
        public String workdir() {
            String dir = "/";
            for (Instruction i : all("WORKDIR")) {
                dir = resolve(dir, i.arguments());
            }
            return dir;
        }

        /** Where a path written in this stage lands, relative paths taken from the stage's work dir. */
        public String resolve(String path) {
            return resolve(workdir(), path);
        }

        public List<Copy> copies() {
            List<Copy> copies = new ArrayList<>();
            for (Instruction i : all("COPY")) {
                List<String> words = new ArrayList<>(i.arguments().startsWith("[")
                        ? command(i.arguments()) : List.of(i.arguments().split("\\s+")));
                String from = null;
                while (!words.isEmpty() && words.get(0).startsWith("--")) {
                    String flag = words.remove(0);
                    if (flag.startsWith("--from=")) {
                        from = flag.substring("--from=".length());
                    }
                }
                if (words.size() < 2) {
                    throw new IllegalArgumentException("COPY needs a source and a destination: " + i.arguments());
                }
                copies.add(new Copy(from, List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1)));
            }
            return copies;
        }

        /** {@code ENV} in this stage, both forms ({@code ENV K=V K2="v 2"} and {@code ENV K V}). */
        public Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction i : all("ENV")) {
                String text = i.arguments();
                if (!text.split("\\s+", 2)[0].contains("=")) {
                    String[] parts = text.split("\\s+", 2);
                    env.put(parts[0], parts.length > 1 ? parts[1] : "");
                    continue;
                }
                for (String pair : words(text)) {
                    int eq = pair.indexOf('=');
                    env.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return env;
        }

        /** ENTRYPOINT as Docker runs it (exec form as written, shell form under /bin/sh -c). */
        public List<String> entrypoint() {
            return command(last("ENTRYPOINT").orElseThrow(() -> new IllegalStateException("no ENTRYPOINT")).arguments());
        }

        /** The java command the ENTRYPOINT runs, as words: the exec form itself, or a {@code sh -c} script's after {@code exec}. */
        public List<String> javaCommand() {
            List<String> entrypoint = entrypoint();
            if (entrypoint.size() >= 3 && entrypoint.get(0).endsWith("sh") && entrypoint.get(1).equals("-c")) {
                return List.of(entrypoint.get(2).strip().replaceFirst("^exec\\s+", "").split("\\s+"));
            }
            return entrypoint;
        }

        /** The main class of the java command: its first word after {@code java} that is no option and no variable. */
        public String mainClass() {
            return javaCommand().stream().skip(1).filter(w -> !w.startsWith("-") && !w.startsWith("$") && !w.startsWith("\"$"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no main class in " + javaCommand()));
        }

        /** The HEALTHCHECK's command, empty for none or {@code HEALTHCHECK NONE}. */
        public List<String> healthcheck() {
            Optional<Instruction> healthcheck = last("HEALTHCHECK");
            if (healthcheck.isEmpty() || healthcheck.get().arguments().equalsIgnoreCase("NONE")) {
                return List.of();
            }
            String text = healthcheck.get().arguments();
            while (text.startsWith("--")) {
                text = text.split("\\s+", 2)[1];
            }
            if (!text.regionMatches(true, 0, "CMD", 0, 3)) {
                throw new IllegalArgumentException("HEALTHCHECK without CMD: " + healthcheck.get().arguments());
            }
            return command(text.substring(3));
        }

        private static String resolve(String dir, String path) {
            String joined = path.startsWith("/") ? path : (dir.endsWith("/") ? dir : dir + "/") + path;
            return Path.of(joined).normalize().toString();
        }

        /** Whitespace-separated words, double quotes kept together and removed. */
        private static List<String> words(String text) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean quoted = false;
            for (char c : text.toCharArray()) {
                if (c == '"') {
                    quoted = !quoted;
                } else if (Character.isWhitespace(c) && !quoted) {
                    if (word.length() > 0) {
                        words.add(word.toString());
                        word.setLength(0);
                    }
                } else {
                    word.append(c);
                }
            }
            if (word.length() > 0) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
