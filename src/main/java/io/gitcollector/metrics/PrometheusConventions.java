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
 * and help text on every family (Camel's {@code app.info} has none).
 */
@Component
public class PrometheusConventions implements MeterFilter {

    private static final Pattern HUMP = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

    @Override
    public Meter.Id map(Meter.Id id) {
        List<Tag> tags = new ArrayList<>();
        boolean changed = false;
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
