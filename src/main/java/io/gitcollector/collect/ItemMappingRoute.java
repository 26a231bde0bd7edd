package io.gitcollector.collect;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The engine's way to a source's mapper: one item in, the source's mapper route run on it, its answer checked
 * ({@link MapperOutput}), the item's events out. A failure on the way (the mapper threw, or answered what cannot be
 * published) is handled by this route's configuration, {@link MapperDeadLetters}: the item becomes a dead letter and
 * the route answers no events, so the page goes on.
 */
@Component
class ItemMappingRoute extends RouteBuilder {

    static final String MAP_ITEM = "direct:collector-map-item";
    /** The mapper route's URI, as the resource names it ({@code mapper: direct:github-map-commit}). */
    static final String MAPPER_URI = "collectorMapperUri";
    /** The resource whose item is mapped ({@link ResourceSpec}). */
    static final String SPEC = "collector.spec";
    /** The item as it was before the mapper ran: what a dead letter carries. */
    static final String ITEM = "collector.item";
    /** The parent's normalized data (a child resource's), for a dead letter's replay. */
    static final String PARENT = "collector.mappedParent";

    @Override
    public void configure() {
        from(MAP_ITEM).routeId("collector-map-item").routeConfigurationId(MapperDeadLetters.ID)
                .toD("${exchangeProperty." + MAPPER_URI + "}")
                .process(exchange -> exchange.getMessage().setBody(MapperOutput.events(
                        exchange.getProperty(SPEC, ResourceSpec.class), exchange.getMessage().getBody(JsonNode.class))));
    }
}
