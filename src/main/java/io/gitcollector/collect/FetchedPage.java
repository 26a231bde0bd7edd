package io.gitcollector.collect;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One page of a resource as it was read (an answer, a stored answer a 304 stands for, a connection nested in the
 * parent's item, or a webhook's payload): the items found at the resource's {@code items} pointer, in order.
 */
record FetchedPage(Iterable<JsonNode> items) {

    /** The items at {@code pointer} ("" for the whole body); one object is a page of one, nothing a page of none. */
    static FetchedPage of(String pointer, JsonNode body) {
        JsonNode node = pointer.isEmpty() ? body : body.at(pointer);
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new FetchedPage(List.of());
        }
        return new FetchedPage(node.isArray() ? node : List.of(node));
    }
}
