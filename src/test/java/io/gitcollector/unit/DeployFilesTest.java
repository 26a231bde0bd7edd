package io.gitcollector.unit;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What deploy/ ships, checked against the service without a cluster or a Prometheus: every metric an alert or a
 * dashboard panel queries is one the README's Metrics table lists (so a renamed meter breaks this test, not a
 * dashboard), labels are the exported snake_case ones, and the Kubernetes manifests probe, mount and configure
 * what the service reads.
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("deploy");
    private static final Pattern METRIC = Pattern.compile("\\b((?:git_collector|camel)_[a-z0-9_]+)");
    private static final Pattern GROUPING = Pattern.compile("\\bby \\(([^)]*)\\)");

    @Test
    void everyAlertRuleQueriesAnExportedMetricAndSaysWhatToDo() throws IOException {
        Map<String, Object> file = yaml(DEPLOY.resolve("prometheus/alerts.yml"));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : (List<?>) file.get("groups")) {
            for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
                rules.add(cast(rule));
            }
        }

        assertThat(rules).hasSizeGreaterThanOrEqualTo(6);
        assertThat(rules).allSatisfy(rule -> {
            String expr = String.valueOf(rule.get("expr"));
            assertThat(metrics(expr)).as(rule.get("alert") + ": " + expr).isSubsetOf(exported());
            assertThat(labelsGroupedBy(expr)).as(rule.get("alert") + " labels").allMatch(l -> l.matches("[a-z_][a-z0-9_]*"));
            assertThat(cast(rule.get("annotations"))).containsKeys("summary", "description");
            assertThat(cast(rule.get("labels"))).containsKey("severity");
        });
        assertThat(rules.stream().map(r -> String.valueOf(r.get("expr"))).flatMap(e -> metrics(e).stream()))
                .contains("git_collector_requests_total", "git_collector_collections_total", "git_collector_circuit_breaker_state");
    }

    @Test
    void everyDashboardPanelQueriesAnExportedMetric() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/git-collector.json").toFile());

        assertThat(dashboard.path("panels")).hasSizeGreaterThanOrEqualTo(8);
        dashboard.path("panels").forEach(panel -> {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.path("targets").forEach(target -> {
                String expr = target.path("expr").asText();
                assertThat(metrics(expr)).as(panel.path("title").asText()).isNotEmpty().isSubsetOf(exported());
                assertThat(labelsGroupedBy(expr)).allMatch(l -> l.matches("[a-z_][a-z0-9_]*"));
            });
        });
    }

    @Test
    void theDeploymentProbesMountsAndConfiguresWhatTheServiceReads() throws IOException {
        Map<String, Object> deployment = yaml(DEPLOY.resolve("kubernetes/deployment.yaml"));
        Map<String, Object> pod = cast(cast(cast(deployment.get("spec")).get("template")).get("spec"));
        Map<String, Object> container = cast(((List<?>) pod.get("containers")).get(0));
        String applicationYaml = Files.readString(Path.of("application.yaml"));

        assertThat(path(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
        assertThat(path(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
        assertThat(applicationYaml).contains("probes:\n        enabled: true").contains("include: readinessState,collector");
        Map<String, Object> port = cast(((List<?>) container.get("ports")).get(0));
        assertThat(applicationYaml).contains("port: ${SERVER_PORT:" + port.get("containerPort") + "}");
        Map<String, Object> mount = cast(((List<?>) container.get("volumeMounts")).get(0));
        assertThat(mount.get("mountPath")).as("the image's work dir /app plus COLLECTOR_ROUTES_DIR's default")
                .isEqualTo("/app/" + placeholderDefault(applicationYaml, "COLLECTOR_ROUTES_DIR"));

        Set<String> envExample = new TreeSet<>();
        Matcher listed = Pattern.compile("(?m)^#?\\s*([A-Z][A-Z0-9_]*)=").matcher(Files.readString(Path.of(".env.example")));
        while (listed.find()) {
            envExample.add(listed.group(1));
        }
        Map<String, Object> secret = yaml(DEPLOY.resolve("kubernetes/secret.yaml"));
        Map<String, Object> config = yaml(DEPLOY.resolve("kubernetes/configmap.yaml"));
        assertThat(cast(secret.get("stringData")).keySet()).isSubsetOf(envExample);
        assertThat(cast(config.get("data")).keySet()).isSubsetOf(envExample);
        assertThat(String.valueOf(container.get("envFrom"))).contains("name=" + cast(secret.get("metadata")).get("name"))
                .contains("name=" + cast(config.get("metadata")).get("name"));
    }

    /** The names in the first column of the README's metrics table, with the samples Prometheus derives from them. */
    private static Set<String> exported() {
        try {
            Set<String> names = new TreeSet<>(Set.of("up"));
            String readme = Files.readString(Path.of("README.md"));
            String table = readme.substring(readme.indexOf("| metric, as exported |"));
            table = table.substring(0, table.indexOf("\n\n"));
            for (String line : table.lines().skip(2).toList()) {
                String first = line.split("\\|")[1];
                Matcher m = Pattern.compile("`([a-z0-9_…]+)`").matcher(first);
                String family = null;
                while (m.find()) {
                    String name = m.group(1);
                    if (name.startsWith("…") && family != null) {
                        name = family.substring(0, family.indexOf('_', "camel_".length())) + name.substring(1);
                    }
                    family = name;
                    names.add(name);
                    for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
                        names.add(name + suffix);
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Set<String> metrics(String expr) {
        Set<String> found = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            found.add(m.group(1));
        }
        if (expr.matches("(?s).*\\bup\\{.*")) {
            found.add("up");
        }
        return found;
    }

    private static List<String> labelsGroupedBy(String expr) {
        List<String> labels = new ArrayList<>();
        Matcher m = GROUPING.matcher(expr);
        while (m.find()) {
            for (String label : m.group(1).split(",")) {
                labels.add(label.trim());
            }
        }
        return labels;
    }

    private static String path(Map<String, Object> container, String probe) {
        return String.valueOf(cast(cast(container.get(probe)).get("httpGet")).get("path"));
    }

    private static String placeholderDefault(String yaml, String name) {
        Matcher m = Pattern.compile("\\$\\{" + name + ":([^}]*)}").matcher(yaml);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
