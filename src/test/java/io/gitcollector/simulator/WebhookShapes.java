package io.gitcollector.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The documented and recorded webhook payloads (src/test/resources/webhook-shapes, from ../shared/reference). */
final class WebhookShapes {

    private WebhookShapes() {
    }

    /** A fresh copy of {@code platform/file}. */
    static ObjectNode read(String platform, String file) {
        try (InputStream in = WebhookShapes.class.getResourceAsStream("/webhook-shapes/" + platform + "/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no webhook shape " + platform + "/" + file);
            }
            return (ObjectNode) Shapes.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
