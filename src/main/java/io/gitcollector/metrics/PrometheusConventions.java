package io.gitcollector.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.stereotype.Component;

/**
 * Makes every meter, Camel's included, follow what {@code promtool check metrics} asks of an exposition: label
 * names in snake_case (Camel tags its meters {@code routeId}, {@code camelContext}), no empty label value (Camel's
 * exchange meters carry an empty {@code endpointName} for exchanges that did not come from an endpoint: {@code none}),
 * help text on every family (Camel's {@code app.info} has none), and one set of label names per family (an exchange
 * sent from outside a route gets {@code route_id="none"}).
 */
@Component
public class PrometheusConventions implements MeterFilter {

    private static final String EXCHANGE_EVENTS = "camel.exchange.event.notifier";
    private static final Pattern HUMP = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    @Override
    public Meter.Id map(Meter.Id id) {
        List<Tag> tags = new ArrayList<>();
        boolean changed = false;
        if (id.getName().startsWith(EXCHANGE_EVENTS) && id.getTag("routeId") == null && id.getTag("route_id") == null) {
            // An exchange sent from outside any route (the engine's API calls) has no route: without the tag its
            // meter was refused, Prometheus wanting one set of label names per family, and the API-call timings lost.
            tags.add(Tag.of("route_id", "none"));
            changed = true;
        }
        for (Tag tag : id.getTagsAsIterable()) {
            String key = snakeCase(tag.getKey());
            String value = tag.getValue().isEmpty() ? "none" : tag.getValue();
            changed |= !key.equals(tag.getKey()) || !value.equals(tag.getValue());
            tags.add(Tag.of(key, value));
        }
        String description = id.getDescription();
        if (description == null || description.isBlank()) {
            description = "Camel's " + id.getName() + " meter";
            changed = true;
        }
        return changed ? new Meter.Id(id.getName(), Tags.of(tags), id.getBaseUnit(), description, id.getType()) : id;
    }

    static String snakeCase(String name) {
        return HUMP.matcher(name).replaceAll("_").toLowerCase(java.util.Locale.ROOT);
    }
}
