package io.gitcollector.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics}: every meter in the Prometheus exposition format, at the path Prometheus scrapes by
 * default. The text format ({@code text/plain; version=0.0.4}) unless the Accept header asks for
 * OpenMetrics or the protobuf format; the choice is the Prometheus client's own. ({@code /actuator/metrics}
 * stays Spring's JSON endpoint, and {@code /actuator/prometheus} serves the same scrape.)
 */
@RestController
public class PrometheusMetricsController {

    /** Used only to choose a format by the Accept header; the registry writes with its own configured writers. */
    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    private final PrometheusMeterRegistry registry;

    public PrometheusMetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/metrics")
    public ResponseEntity<byte[]> scrape(@RequestHeader(name = HttpHeaders.ACCEPT, defaultValue = "") String accept)
            throws IOException {
        ExpositionFormatWriter writer = FORMATS.findWriter(accept);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        registry.scrape(body, writer.getContentType());
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, writer.getContentType()).body(body.toByteArray());
    }
}
