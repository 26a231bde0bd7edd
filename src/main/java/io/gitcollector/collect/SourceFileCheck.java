package io.gitcollector.collect;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Versions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads every source file before Camel loads it, and refuses the start when one is wrong, naming the file, the line
 * and what is wrong: YAML that does not parse (line and column), a {@code collect:} step with an unknown, missing or
 * misspelt parameter (the parameter named), a parameter holding a {@code +} (which the endpoint URI would turn into a
 * space), a jq expression that does not compile (its own line and column). A
 * broken source is refused whole, rather than half-loaded with jobs waiting on a route that is not there.
 */
@Component
public class SourceFileCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SourceFileCheck.class);

    public SourceFileCheck(@Value("${camel.main.routes-include-pattern:}") String patterns) {
        List<String> problems = new ArrayList<>();
        for (Path file : files(patterns)) {
            problems.addAll(check(file));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("A source is wrong; nothing was loaded:\n  " + String.join("\n  ", problems));
        }
    }

    /** The problems of one source file, each "file:line: what"; none when it is right. */
    public static List<String> check(Path file) {
        List<String> problems = new ArrayList<>();
        Node root;
        try {
            root = new Yaml().compose(Files.newBufferedReader(file));
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            problems.add(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": not YAML: " + e.getProblem());
            return problems;
        } catch (IOException | RuntimeException e) {
            problems.add(file + ": cannot be read: " + e.getMessage());
            return problems;
        }
        if (root != null) {
            walk(file, root, problems);
        }
        return problems;
    }

    private static void walk(Path file, Node node, List<String> problems) {
        if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(child -> walk(file, child, problems));
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
                Node value = tuple.getValueNode();
                if (key.equals("to") && value instanceof MappingNode to) {
                    checkCollect(file, to, problems);
                } else if (key.equals("jq") && value instanceof ScalarNode expression) {
                    checkJq(file, expression, problems);
                }
                walk(file, value, problems);
            }
        }
    }

    private static void checkCollect(Path file, MappingNode to, List<String> problems) {
        String uri = scalar(to, "uri");
        if (uri == null || !uri.startsWith("collect:") || uri.contains("?")) {
            return;
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        Node declared = child(to, "parameters");
        if (declared instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key && tuple.getValueNode() instanceof ScalarNode value) {
                    parameters.put(key.getValue(), value.getValue());
                    lines.put(key.getValue(), key.getStartMark().getLine() + 1);
                }
            }
        }
        for (Map.Entry<String, Object> parameter : parameters.entrySet()) {
            if (String.valueOf(parameter.getValue()).contains("+")) {
                // Parameters become an endpoint URI, whose query reads + as a space: the expression would change silently.
                problems.add(file + ":" + lines.get(parameter.getKey()) + ": " + uri + ": " + parameter.getKey()
                        + " holds a '+', which Camel reads in an endpoint parameter as a space; in jq add with [a, b] | add");
                return;
            }
        }
        try {
            ResourceSpec.fromParameters(uri.substring("collect:".length()), parameters);
        } catch (IllegalArgumentException e) {
            // The line of the parameter the message names (unknown [key], or its 'value'), else the step's.
            String message = e.getMessage();
            int line = to.getStartMark().getLine() + 1;
            for (Map.Entry<String, Integer> parameter : lines.entrySet()) {
                String key = parameter.getKey();
                if (message.contains("[" + key + "]") || message.contains("[" + key + ",") || message.contains(" " + key + "]")
                        || message.contains("'" + parameters.get(key) + "'") || message.contains(": " + key + " ")) {
                    line = parameter.getValue();
                    break;
                }
            }
            problems.add(file + ":" + line + ": " + message);
        }
    }

    private static void checkJq(Path file, ScalarNode expression, List<String> problems) {
        try {
            JsonQuery.compile(expression.getValue(), Versions.JQ_1_6);
        } catch (Exception e) {
            // The parser's own message says where: "Encountered ... at line 2, column 23." A block scalar (jq: |)
            // starts on the line after its key.
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse("").trim();
            int start = expression.getStartMark().getLine() + 1 + (expression.getScalarStyle().getChar() == null ? 0 : 1);
            java.util.regex.Matcher at = java.util.regex.Pattern.compile("at line (\\d+), column (\\d+)").matcher(reason);
            String where = at.find() ? (start + Integer.parseInt(at.group(1)) - 1) + ":" + at.group(2) : String.valueOf(start);
            problems.add(file + ":" + where + ": jq expression does not compile: " + reason);
        }
    }

    private static String scalar(MappingNode mapping, String key) {
        return child(mapping, key) instanceof ScalarNode value ? value.getValue() : null;
    }

    private static Node child(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return tuple.getValueNode();
            }
        }
        return null;
    }

    /** The files of {@code file:dir/*.yaml} patterns (comma-separated); classpath patterns are Camel's alone. */
    static List<Path> files(String patterns) {
        List<Path> files = new ArrayList<>();
        for (String pattern : patterns.split(",")) {
            pattern = pattern.trim();
            if (!pattern.startsWith("file:")) {
                continue;
            }
            Path path = Path.of(pattern.substring("file:".length()));
            Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
            if (!Files.isDirectory(dir)) {
                LOG.warn("No source folder {}", dir);
                continue;
            }
            try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, path.getFileName().toString())) {
                found.forEach(files::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        files.sort(null);
        return files;
    }
}
