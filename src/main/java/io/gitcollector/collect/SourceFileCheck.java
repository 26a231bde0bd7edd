package io.gitcollector.collect;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Versions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.DumperOptions;
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
 * space), a jq expression that does not compile (its line and column in the file, the parser's message with its
 * position in the expression, and the route holding it). A broken source is refused whole, rather than half-loaded
 * with jobs waiting on a route that is not there; {@link CheckedRoutesLoader} applies the same check at a reload.
 */
@Component
public class SourceFileCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SourceFileCheck.class);

    public SourceFileCheck(@Value("${camel.main.routes-include-pattern:}") String patterns) {
        List<String> problems = new ArrayList<>();
        for (Path file : files(patterns)) {
            problems.addAll(check(file));
        }
        // One ERROR line per problem: Spring's start failure shows the message only inside its stack trace.
        problems.forEach(problem -> LOG.error("Source refused: {}", problem));
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
            problems.add(file + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": not YAML: " + e.getProblem()
                    + routeAbove(file, mark.getLine()));
            return problems;
        } catch (IOException | RuntimeException e) {
            problems.add(file + ": cannot be read: " + e.getMessage());
            return problems;
        }
        if (root != null) {
            walk(file, root, "", problems);
        }
        return problems;
    }

    /** Walks the document; {@code route} is the id of the route being walked, as " [route id]", or empty. */
    private static void walk(Path file, Node node, String route, List<String> problems) {
        if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(child -> walk(file, child, route, problems));
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
                Node value = tuple.getValueNode();
                String inner = route;
                if (key.equals("route") && value instanceof MappingNode definition && scalar(definition, "id") != null) {
                    inner = " [route " + scalar(definition, "id") + "]";
                }
                if (key.equals("to") && value instanceof MappingNode to) {
                    checkCollect(file, to, inner, problems);
                } else if (key.equals("jq") && value instanceof ScalarNode expression) {
                    checkJq(file, expression, inner, problems);
                }
                walk(file, value, inner, problems);
            }
        }
    }

    private static void checkCollect(Path file, MappingNode to, String route, List<String> problems) {
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
                        + " holds a '+', which Camel reads in an endpoint parameter as a space; in jq add with [a, b] | add"
                        + route);
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
            problems.add(file + ":" + line + ": " + message + route);
        }
    }

    private static void checkJq(Path file, ScalarNode expression, String route, List<String> problems) {
        try {
            JsonQuery.compile(expression.getValue(), Versions.JQ_1_6);
        } catch (Exception e) {
            // The parser's own message says where in the expression: "Encountered ... at line 2, column 23."
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse("").trim();
            Matcher at = POSITION.matcher(reason);
            boolean placed = at.find();
            String where = placed
                    ? positionInFile(file, expression, Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2)))
                    : String.valueOf(expression.getStartMark().getLine() + 1);
            problems.add(file + ":" + where + ": jq expression does not compile: " + reason
                    + (placed ? " (line " + at.group(1) + ", column " + at.group(2) + " of the expression)" : "") + route);
        }
    }

    private static final Pattern POSITION = Pattern.compile("at line (\\d+), column (\\d+)");

    /**
     * "line:column" in the file of a position in a jq expression. A block scalar ({@code jq: |}) starts on the line
     * after its key, its lines shifted right by the block's indentation; a quoted one by its opening quote.
     */
    private static String positionInFile(Path file, ScalarNode expression, int line, int column) {
        int start = expression.getStartMark().getLine();
        boolean block = expression.getScalarStyle() == DumperOptions.ScalarStyle.LITERAL
                || expression.getScalarStyle() == DumperOptions.ScalarStyle.FOLDED;
        if (!block) {
            int shift = expression.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? 0 : 1;
            int fileColumn = line == 1 ? expression.getStartMark().getColumn() + shift + column : column;
            return (start + line) + ":" + fileColumn;
        }
        int first = start + 1; // 0-based index of the block's first line
        int indent = 0;
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = first; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    String text = lines.get(i);
                    indent = text.length() - text.stripLeading().length();
                    first = i;
                    break;
                }
            }
        } catch (IOException e) {
            // the line alone is still worth naming
        }
        return (first + line) + ":" + (indent + column);
    }

    /** " [route id]" of the last route id written above a line (0-based), for YAML that does not parse; else empty. */
    private static String routeAbove(Path file, int line) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = Math.min(line, lines.size() - 1); i >= 0; i--) {
                Matcher id = ROUTE_ID.matcher(lines.get(i));
                if (id.matches()) {
                    return " [route " + id.group(1) + "]";
                }
            }
        } catch (IOException | RuntimeException e) {
            // the position alone is still worth naming
        }
        return "";
    }

    private static final Pattern ROUTE_ID = Pattern.compile("\\s*-?\\s*id:\\s*['\"]?([A-Za-z0-9_.-]+)['\"]?\\s*");

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
