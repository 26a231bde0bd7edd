package io.gitcollector.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

// The Prometheus client's own protobuf classes (generated from metrics.proto, with protobuf shaded into them). Their
// package names the protobuf version: a Spring Boot upgrade that brings a newer client changes it here.
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_31_1.Metrics;

/**
 * A Prometheus exposition read into families and samples, from either format the service serves.
 *
 * <p>Why two readers, and what each is: no Java parser of the text format is to be had. The Prometheus Java
 * client (io.prometheus:prometheus-metrics-*) only writes the formats; the parsers the Prometheus project
 * keeps are Go (expfmt, and the server's own); the few Java ones on Maven Central drop the lines they do not
 * understand (a scraper library last released years ago) or split lines on blanks (a test library), so they
 * cannot say that an output is invalid. So:
 * <ul>
 *   <li>{@link #parseProtobuf} reads the protobuf format ({@code application/vnd.google.protobuf;
 *       proto=io.prometheus.client.MetricFamily; encoding=delimited}) with the classes protoc generated from
 *       Prometheus' {@code metrics.proto}, shipped in the client's prometheus-metrics-exposition-formats: a
 *       real parser, which refuses bytes that are not that message stream;</li>
 *   <li>{@link #parseText} checks the text format (version 0.0.4) line by line against its grammar, as the
 *       Prometheus documentation states it and expfmt reads it: HELP and TYPE lines (one each per family,
 *       before its samples, a known type, HELP's escapes), metric and label names, quoted label values and
 *       their escapes, no duplicate label, values as Go's ParseFloat reads them (plus NaN and ±Inf; no hex,
 *       which expfmt refuses too), an optional integer timestamp, a line feed ending every line, each family's
 *       samples in one group, and the structure of histograms (an {@code le} on every bucket, cumulative
 *       counts, a {@code +Inf} bucket equal to {@code _count}) and summaries. It fails on the first line that
 *       breaks a rule, naming the line and the rule. Where expfmt is lenient it is stricter (no blanks inside
 *       braces, lower-case types), which this service's output never needs.</li>
 * </ul>
 * Both produce the same model (the samples the text format writes), so a test can require that the two
 * formats of one service agree.
 */
public final class PrometheusExposition {

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern HELP = Pattern.compile("#[ \\t]*HELP[ \\t]+(\\S+)(?:[ \\t]+(.*))?");
    private static final Pattern TYPE = Pattern.compile("#[ \\t]*TYPE[ \\t]+(\\S+)[ \\t]+(\\S+)");
    private static final Pattern TYPES = Pattern.compile("counter|gauge|histogram|summary|untyped");
    /** A float as Go's strconv.ParseFloat reads it in decimal, and the special values it reads. */
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?i:inf|infinity)|(?i:nan)");
    private static final Pattern TIMESTAMP = Pattern.compile("-?[0-9]{1,19}");
    private static final Pattern VALUE_AND_TIMESTAMP = Pattern.compile("[ \\t]+(\\S+)(?:[ \\t]+(\\S+))?");

    private final Map<String, Family> families;

    private PrometheusExposition(Map<String, Family> families) {
        this.families = families;
    }

    public Map<String, Family> families() {
        return families;
    }

    /** Every sample of every family. */
    public List<Sample> samples() {
        return families.values().stream().flatMap(f -> f.samples().stream()).toList();
    }

    /** The value of the sample with exactly these labels, or 0 when there is none (a counter not counted yet). */
    public double valueOr0(String sampleName, Map<String, String> labels) {
        return samples().stream().filter(s -> s.name().equals(sampleName) && s.labels().equals(labels))
                .mapToDouble(Sample::value).findFirst().orElse(0);
    }

    /** The samples of this name whose labels include {@code labels}. */
    public List<Sample> samples(String sampleName, Map<String, String> labels) {
        return samples().stream().filter(s -> s.name().equals(sampleName)
                && s.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    // ---- the text format -------------------------------------------------------------------------------

    /** Checks {@code body} against the text format's grammar and reads it; an AssertionError names the first fault. */
    public static PrometheusExposition parseText(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("the exposition is not UTF-8: " + e.getMessage());
        }
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the last line does not end with a line feed");
        }
        return new TextReader().read(text.split("\n", -1));
    }

    private static final class TextReader {
        private final Map<String, String> types = new HashMap<>();
        private final Map<String, String> helps = new HashMap<>();
        private final Map<String, List<Sample>> samples = new LinkedHashMap<>();
        /** Families whose group of lines has ended: none of their lines may come again. */
        private final Set<String> ended = new HashSet<>();
        private final Set<String> series = new HashSet<>();
        private String current;
        private int line;

        PrometheusExposition read(String[] lines) {
            for (int i = 0; i < lines.length - 1; i++) { // the last element is what follows the final line feed
                line = i + 1;
                String text = lines[i];
                if (text.isEmpty()) {
                    continue;
                }
                if (text.startsWith("#")) {
                    comment(text);
                } else {
                    sample(text);
                }
            }
            Map<String, Family> families = new LinkedHashMap<>();
            line = 0; // what follows checks whole families, not a line
            samples.forEach((name, list) -> {
                String type = types.getOrDefault(name, "untyped");
                checkStructure(name, type, list);
                families.put(name, new Family(name, type, helps.getOrDefault(name, ""), List.copyOf(list)));
            });
            return new PrometheusExposition(families);
        }

        private void comment(String text) {
            Matcher help = HELP.matcher(text);
            Matcher type = TYPE.matcher(text);
            if (text.matches("#[ \\t]*HELP([ \\t].*)?")) {
                require(help.matches(), "a HELP line names no metric");
                String name = metricName(help.group(1));
                enter(name);
                require(!helps.containsKey(name), "a second HELP line for " + name);
                require(!samples.containsKey(name), "the HELP line of " + name + " comes after its samples");
                helps.put(name, unescapeHelp(help.group(2) == null ? "" : help.group(2)));
            } else if (text.matches("#[ \\t]*TYPE([ \\t].*)?")) {
                require(type.matches(), "a TYPE line must be '# TYPE name type'");
                String name = metricName(type.group(1));
                enter(name);
                require(!types.containsKey(name), "a second TYPE line for " + name);
                require(!samples.containsKey(name), "the TYPE line of " + name + " comes after its samples");
                require(TYPES.matcher(type.group(2)).matches(), "unknown type " + type.group(2));
                types.put(name, type.group(2));
            }
            // Any other comment is ignored, as the format says.
        }

        private void sample(String text) {
            int at = 0;
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_'
                    || text.charAt(at) == ':')) {
                at++;
            }
            String name = metricName(text.substring(0, at));
            Map<String, String> labels = new TreeMap<>();
            if (at < text.length() && text.charAt(at) == '{') {
                at = labels(text, at + 1, labels);
            }
            Matcher tail = VALUE_AND_TIMESTAMP.matcher(text.substring(at));
            require(tail.matches(), "the metric is not followed by a blank, a value and an optional timestamp alone");
            double value = parseFloat(tail.group(1), "the value");
            if (tail.group(2) != null) {
                require(TIMESTAMP.matcher(tail.group(2)).matches(), "the timestamp is not an integer: " + tail.group(2));
                try {
                    Long.parseLong(tail.group(2));
                } catch (NumberFormatException e) {
                    require(false, "the timestamp is out of range: " + tail.group(2));
                }
            }
            String family = familyOf(name, labels);
            // A bucket's bound and a quantile are floats: kept in one spelling, so formats can be compared.
            String bound = "histogram".equals(types.get(family)) ? "le" : "summary".equals(types.get(family)) ? "quantile" : null;
            if (bound != null && labels.containsKey(bound)) {
                labels.put(bound, canonical(parseFloat(labels.get(bound), "the " + bound + " of " + family)));
            }
            enter(family);
            require(series.add(name + labels), "a second sample " + name + labels);
            samples.computeIfAbsent(family, f -> new ArrayList<>()).add(new Sample(name, labels, value));
        }

        /** Reads {@code name="value",...}} from {@code at}; returns the index after the closing brace. */
        private int labels(String text, int at, Map<String, String> labels) {
            while (true) {
                require(at < text.length(), "the labels are not closed");
                if (text.charAt(at) == '}') {
                    return at + 1;
                }
                int start = at;
                while (at < text.length() && text.charAt(at) != '=') {
                    at++;
                }
                String label = text.substring(start, at);
                require(LABEL_NAME.matcher(label).matches(), "invalid label name '" + label + "'");
                require(!label.startsWith("__"), "label name " + label + " is reserved");
                require(at + 1 < text.length() && text.charAt(at + 1) == '"', "the value of " + label + " is not quoted");
                StringBuilder value = new StringBuilder();
                at += 2;
                while (true) {
                    require(at < text.length(), "the value of " + label + " is not closed");
                    char c = text.charAt(at);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        require(at + 1 < text.length(), "a label value ends in a backslash");
                        char escaped = text.charAt(at + 1);
                        require(escaped == '\\' || escaped == '"' || escaped == 'n',
                                "invalid escape \\" + escaped + " in the value of " + label);
                        value.append(escaped == 'n' ? '\n' : escaped);
                        at += 2;
                    } else {
                        value.append(c);
                        at++;
                    }
                }
                require(labels.put(label, value.toString()) == null, "label " + label + " twice");
                at++; // the closing quote
                require(at < text.length() && (text.charAt(at) == ',' || text.charAt(at) == '}'),
                        "a label value is followed by neither ',' nor '}'");
                if (text.charAt(at) == ',') {
                    at++;
                }
            }
        }

        /** The family a sample belongs to: a histogram's {@code _bucket/_count/_sum}, a summary's {@code _count/_sum}. */
        private String familyOf(String name, Map<String, String> labels) {
            for (String suffix : List.of("_bucket", "_count", "_sum")) {
                if (name.endsWith(suffix)) {
                    String base = name.substring(0, name.length() - suffix.length());
                    String type = types.get(base);
                    if ("histogram".equals(type) || "summary".equals(type) && !suffix.equals("_bucket")) {
                        return base;
                    }
                }
            }
            String type = types.get(name);
            require(!"histogram".equals(type), "a sample of histogram " + name + " without _bucket, _count or _sum");
            if ("summary".equals(type)) {
                require(labels.containsKey("quantile"), "a sample of summary " + name + " without a quantile label");
            }
            return name;
        }

        /** A family's lines are one group: entering a family ends the one before, which may not come back. */
        private void enter(String family) {
            if (!family.equals(current)) {
                require(!ended.contains(family), "the lines of " + family + " are not in one group");
                if (current != null) {
                    ended.add(current);
                }
                current = family;
            }
        }

        private void checkStructure(String family, String type, List<Sample> list) {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> bySeries = new LinkedHashMap<>();
            for (Sample s : list) {
                Map<String, String> key = new TreeMap<>(s.labels());
                if (s.name().endsWith("_bucket")) {
                    require(key.containsKey("le"), "a bucket of " + family + " without an le label");
                    key.remove("le");
                }
                bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            }
            bySeries.forEach((labels, part) -> {
                double previousBound = Double.NEGATIVE_INFINITY;
                double previousCount = 0;
                Double infinite = null;
                Double count = null;
                for (Sample s : part) {
                    if (s.name().endsWith("_bucket")) {
                        double bound = parseFloat(s.labels().get("le"), "the le of " + family);
                        require(bound > previousBound, "the buckets of " + family + labels + " are not in order");
                        require(s.value() >= previousCount, "the buckets of " + family + labels + " are not cumulative");
                        previousBound = bound;
                        previousCount = s.value();
                        if (bound == Double.POSITIVE_INFINITY) {
                            infinite = s.value();
                        }
                    } else if (s.name().endsWith("_count")) {
                        count = s.value();
                    }
                }
                require(infinite != null, "histogram " + family + labels + " has no +Inf bucket");
                require(count == null || count.equals(infinite), "the +Inf bucket of " + family + labels + " is not its _count");
            });
        }

        private String metricName(String name) {
            require(METRIC_NAME.matcher(name).matches(), "invalid metric name '" + name + "'");
            return name;
        }

        private String unescapeHelp(String help) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < help.length(); i++) {
                char c = help.charAt(i);
                if (c == '\\') {
                    require(i + 1 < help.length() && (help.charAt(i + 1) == '\\' || help.charAt(i + 1) == 'n'),
                            "invalid escape in a HELP line");
                    out.append(help.charAt(++i) == 'n' ? '\n' : '\\');
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        private double parseFloat(String token, String what) {
            require(token != null && FLOAT.matcher(token).matches(), what + " is not a float: " + token);
            String t = token.toLowerCase(Locale.ROOT);
            if (t.endsWith("inf") || t.endsWith("infinity")) {
                return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            return t.equals("nan") ? Double.NaN : Double.parseDouble(token);
        }

        private void require(boolean rule, String fault) {
            if (!rule) {
                throw new AssertionError((line > 0 ? "line " + line + " of " : "") + "the text exposition: " + fault);
            }
        }
    }

    // ---- the protobuf format -----------------------------------------------------------------------------

    /** Reads a stream of length-delimited {@code io.prometheus.client.MetricFamily} messages. */
    public static PrometheusExposition parseProtobuf(byte[] body) {
        Map<String, Family> families = new LinkedHashMap<>();
        try (ByteArrayInputStream in = new ByteArrayInputStream(body)) {
            Metrics.MetricFamily family;
            while ((family = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
                String name = family.getName();
                if (families.containsKey(name)) {
                    throw new AssertionError("family " + name + " twice in the protobuf exposition");
                }
                // The text format cannot carry a docstring's leading blanks: a reader drops them.
                String help = family.getHelp().replaceFirst("^[ \\t]+", "");
                families.put(name, new Family(name, family.getType().name().toLowerCase(Locale.ROOT), help,
                        samples(family)));
            }
        } catch (IOException e) {
            throw new AssertionError("not a protobuf exposition: " + e.getMessage(), e);
        }
        return new PrometheusExposition(families);
    }

    /** The samples the text format writes for a family: a histogram's buckets, count and sum, and so on. */
    private static List<Sample> samples(Metrics.MetricFamily family) {
        String name = family.getName();
        List<Sample> samples = new ArrayList<>();
        for (Metrics.Metric metric : family.getMetricList()) {
            Map<String, String> labels = new TreeMap<>();
            metric.getLabelList().forEach(l -> labels.put(l.getName(), l.getValue()));
            switch (family.getType()) {
                case COUNTER -> samples.add(new Sample(name, labels, metric.getCounter().getValue()));
                case GAUGE -> samples.add(new Sample(name, labels, metric.getGauge().getValue()));
                case UNTYPED -> samples.add(new Sample(name, labels, metric.getUntyped().getValue()));
                case SUMMARY -> {
                    Metrics.Summary summary = metric.getSummary();
                    summary.getQuantileList().forEach(q -> samples.add(new Sample(name,
                            with(labels, "quantile", q.getQuantile()), q.getValue())));
                    if (summary.hasSampleCount()) {
                        samples.add(new Sample(name + "_count", labels, summary.getSampleCount()));
                    }
                    if (summary.hasSampleSum()) {
                        samples.add(new Sample(name + "_sum", labels, summary.getSampleSum()));
                    }
                }
                case HISTOGRAM -> {
                    Metrics.Histogram histogram = metric.getHistogram();
                    histogram.getBucketList().forEach(b -> samples.add(new Sample(name + "_bucket",
                            with(labels, "le", b.getUpperBound()), b.getCumulativeCount())));
                    if (histogram.hasSampleCount()) {
                        samples.add(new Sample(name + "_count", labels, histogram.getSampleCount()));
                    }
                    if (histogram.hasSampleSum()) {
                        samples.add(new Sample(name + "_sum", labels, histogram.getSampleSum()));
                    }
                }
                default -> throw new AssertionError("family " + name + " has type " + family.getType()
                        + ", which the text format 0.0.4 cannot carry");
            }
        }
        return samples;
    }

    /** The labels plus {@code le} or {@code quantile}. */
    private static Map<String, String> with(Map<String, String> labels, String name, double value) {
        Map<String, String> all = new TreeMap<>(labels);
        all.put(name, canonical(value));
        return all;
    }

    /** One spelling of a float label value ({@code 1.0}, {@code +Inf}), whichever spelling the exposition used. */
    private static String canonical(double value) {
        return value == Double.POSITIVE_INFINITY ? "+Inf" : value == Double.NEGATIVE_INFINITY ? "-Inf"
                : Double.isNaN(value) ? "NaN" : Double.toString(value);
    }
}
