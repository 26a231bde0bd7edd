package io.gitcollector.collect;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * Runs a source's mapper route on one item, through the engine's mapping route ({@link ItemMappingRoute}), with what
 * a mapper may read of the job (its parent, the repository's web URL). What the mapper cannot map is a dead letter by
 * that route's configuration ({@link MapperDeadLetters}); this only hands the item over and takes its events back.
 */
@Component
class ItemMapper {

    /** The parent's normalized data as JSON text, for a child resource's mapper: jq {@code property("parent") | fromjson}. */
    static final String MAPPER_PARENT = "parent";

    /**
     * The repository's web URL with its path as the caller wrote it, for a platform whose answers carry no web link
     * (Gerrit's changes: jq {@code property("repository_url")}).
     */
    static final String MAPPER_REPOSITORY_URL = "repository_url";

    private final ProducerTemplate template;

    ItemMapper(ProducerTemplate template) {
        this.template = template;
    }

    /**
     * Runs the source's mapper route, which returns one event, several (an array), or null to skip
     * the item. An item it cannot map goes to the dead-letter topic (and is counted), and the page goes on.
     */
    List<ObjectNode> map(ResourceSpec spec, JobContext context, JsonNode item, JsonNode parent) {
        return map(spec, context, item, parent, parent == null ? null : parent.toString());
    }

    /**
     * As {@link #map(ResourceSpec, JobContext, JsonNode, JsonNode)}, with the parent's JSON text already written
     * (once for a page of its children, not once per child).
     */
    @SuppressWarnings("unchecked")
    List<ObjectNode> map(ResourceSpec spec, JobContext context, JsonNode item, JsonNode parent, String parentText) {
        Exchange mapping = new DefaultExchange(template.getCamelContext());
        mapping.setProperty(JobContext.PROPERTY, context);
        mapping.setProperty(io.gitcollector.metrics.PerItemExchanges.MARK, true);
        mapping.setProperty(ItemMappingRoute.MAPPER_URI, spec.mapper());
        mapping.setProperty(ItemMappingRoute.SPEC, spec);
        mapping.setProperty(ItemMappingRoute.ITEM, item);
        if (parent != null) {
            mapping.setProperty(ItemMappingRoute.PARENT, parent);
        }
        if (parentText != null) {
            mapping.setProperty(MAPPER_PARENT, parentText); // jq: property("parent") | fromjson
        }
        mapping.setProperty(MAPPER_REPOSITORY_URL, context.job().repository().webUrl());
        mapping.getIn().setBody(item);
        Exchange result = template.send(ItemMappingRoute.MAP_ITEM, mapping);
        if (result.getException() != null) {
            // Not the mapper's failure (that is a dead letter): the dead letter could not be published.
            Exception e = result.getException();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
        return result.getMessage().getBody(List.class);
    }

}
