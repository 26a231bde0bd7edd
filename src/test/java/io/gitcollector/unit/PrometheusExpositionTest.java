package io.gitcollector.unit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.gitcollector.support.PrometheusExposition;
import io.gitcollector.support.PrometheusExposition.Sample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The readers MetricsTest trusts: the text checker refuses what breaks the format, and both formats read alike. */
class PrometheusExpositionTest {

    static final String PROTOBUF = "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited";

    @Test
    void aValidTextExpositionIsReadWithItsEscapes() {
        PrometheusExposition exposition = PrometheusExposition.parseText(bytes("""
                # A comment, ignored.
                # HELP calls_total Calls, \\\\ and a\\nline
                # TYPE calls_total counter
                calls_total{path="/a \\"b\\" \\\\ c\\nd",code="200",} 3.0 1700000000000

                # TYPE latency_seconds histogram
                latency_seconds_bucket{le="0.5"} 1
                latency_seconds_bucket{le="+Inf"} 2
                latency_seconds_count 2
                latency_seconds_sum 1.5e0
                # TYPE ratio summary
                ratio{quantile="0.99"} NaN
                ratio_count 0
                ratio_sum 0.0
                loose -Inf
                """));

        assertThat(exposition.families().keySet()).containsExactly("calls_total", "latency_seconds", "ratio", "loose");
        assertThat(exposition.families().get("calls_total").help()).isEqualTo("Calls, \\ and a\nline");
        assertThat(exposition.families().get("calls_total").samples()).containsExactly(
                new Sample("calls_total", Map.of("path", "/a \"b\" \\ c\nd", "code", "200"), 3.0));
        assertThat(exposition.families().get("latency_seconds").samples()).extracting(Sample::name, s -> s.labels().get("le"), Sample::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("latency_seconds_bucket", "0.5", 1.0),
                        org.assertj.core.groups.Tuple.tuple("latency_seconds_bucket", "+Inf", 2.0),
                        org.assertj.core.groups.Tuple.tuple("latency_seconds_count", null, 2.0),
                        org.assertj.core.groups.Tuple.tuple("latency_seconds_sum", null, 1.5));
        assertThat(exposition.families().get("ratio").type()).isEqualTo("summary");
        assertThat(exposition.families().get("loose").type()).isEqualTo("untyped");
        assertThat(exposition.valueOr0("loose", Map.of())).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no line feed at the end       | x 1                                                        | does not end with a line feed
            a value that is no float      | x 1,5\\n                                                   | the value is not a float
            a hex value                   | x 0x1p3\\n                                                 | the value is not a float
            Java's infinity spelling ok   | x Infinity\\n                                              |
            an unquoted label value       | x{a=b} 1\\n                                                | not quoted
            an unknown escape             | x{a="\\\\t"} 1\\n                                          | invalid escape
            a label twice                 | x{a="1",a="2"} 1\\n                                        | label a twice
            a reserved label              | x{__name__="y"} 1\\n                                       | reserved
            a bad label name              | x{1a="2"} 1\\n                                             | invalid label name
            a bad metric name             | 1x 1\\n                                                    | invalid metric name
            a timestamp that is no int    | x 1 1.5\\n                                                 | timestamp is not an integer
            something after the timestamp | x 1 2 3\\n                                                 | optional timestamp alone
            no blank before the value     | x{a="1"}1\\n                                               | not followed by a blank
            two TYPE lines                | # TYPE x gauge\\n# TYPE x gauge\\nx 1\\n                   | a second TYPE line
            an unknown type               | # TYPE x meter\\nx 1\\n                                    | unknown type
            TYPE after the samples        | x 1\\n# TYPE x gauge\\n                                    | comes after its samples
            two HELP lines                | # HELP x a\\n# HELP x b\\nx 1\\n                           | a second HELP line
            a bad HELP escape             | # HELP x a\\\\tb\\nx 1\\n                                  | invalid escape in a HELP line
            a family in two groups        | x 1\\ny 1\\nx{a="1"} 2\\n                                  | not in one group
            the same sample twice         | x{a="1"} 1\\nx{a="1"} 2\\n                                 | a second sample
            a bucket without le           | # TYPE h histogram\\nh_bucket 1\\nh_count 1\\n             | without an le label
            no +Inf bucket                | # TYPE h histogram\\nh_bucket{le="1"} 1\\nh_count 1\\n     | has no +Inf bucket
            buckets going down            | # TYPE h histogram\\nh_bucket{le="1"} 2\\nh_bucket{le="+Inf"} 1\\n | not cumulative
            +Inf bucket other than count  | # TYPE h histogram\\nh_bucket{le="+Inf"} 2\\nh_count 3\\n  | is not its _count
            a histogram sample bare       | # TYPE h histogram\\nh 1\\n                                | without _bucket, _count or _sum
            a quantile that is no float   | # TYPE s summary\\ns{quantile="high"} 1\\n                 | the quantile of s is not a float
            """)
    void aTextExpositionThatBreaksARuleIsRefusedNamingIt(String rule, String text, String fault) {
        byte[] body = bytes(text.replace("\\n", "\n").replace("\\\\", "\\"));
        if (fault == null) {
            assertThat(PrometheusExposition.parseText(body).families()).isNotEmpty();
        } else {
            assertThatThrownBy(() -> PrometheusExposition.parseText(body)).as(rule)
                    .isInstanceOf(AssertionError.class).hasMessageContaining(fault);
        }
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        assertThatThrownBy(() -> PrometheusExposition.parseText(new byte[] {'x', ' ', '1', (byte) 0xC3, '\n'}))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not UTF-8");
    }

    @Test
    void bytesThatAreNotAProtobufStreamAreRefused() {
        assertThatThrownBy(() -> PrometheusExposition.parseProtobuf(bytes("# TYPE x gauge\nx 1\n")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("not a protobuf exposition");
    }

    /** One registry, written in both formats at one moment: the two readers must read the same families and values. */
    @Test
    void theTextAndProtobufFormatsOfOneScrapeReadAlike() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("odd.labels").description("Label values with \"quotes\", \\ and\na new line")
                .tag("value", "a \"quoted\" \\ back\nslash, {braces} = and ü").register(registry).increment(3);
        Timer.builder("run.time").serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1))
                .tag("outcome", "ok").register(registry).record(Duration.ofMillis(250));
        DistributionSummary.builder("sizes").publishPercentiles(0.5, 0.99).register(registry).record(42);
        Gauge.builder("level", () -> -1.5).register(registry);

        PrometheusExposition text = PrometheusExposition.parseText(scrape(registry, "text/plain"));
        PrometheusExposition protobuf = PrometheusExposition.parseProtobuf(scrape(registry, PROTOBUF));

        assertThat(text.families()).isEqualTo(protobuf.families());
        assertThat(text.valueOr0("odd_labels_total", Map.of("value", "a \"quoted\" \\ back\nslash, {braces} = and ü")))
                .isEqualTo(3.0);
        assertThat(text.families().get("odd_labels_total").help()).isEqualTo("Label values with \"quotes\", \\ and\na new line");
        assertThat(text.valueOr0("run_time_seconds_bucket", Map.of("outcome", "ok", "le", "1.0"))).isEqualTo(1.0);
        assertThat(text.valueOr0("run_time_seconds_bucket", Map.of("outcome", "ok", "le", "0.1"))).isEqualTo(0.0);
        assertThat(text.families().get("sizes").type()).isEqualTo("summary");
        assertThat(text.valueOr0("sizes", Map.of("quantile", "0.99"))).isCloseTo(42.0, org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(text.valueOr0("level", Map.of())).isEqualTo(-1.5);
    }

    private static byte[] scrape(PrometheusMeterRegistry registry, String contentType) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.scrape(out, contentType);
        return out.toByteArray();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
