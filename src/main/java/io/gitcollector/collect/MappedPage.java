package io.gitcollector.collect;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One page of one resource, read and mapped, not yet published: each mapped event beside the item it came from.
 * Published on its own (a page of a resource with children, or of a top-level one) or held with its siblings
 * ({@link ChildPages}).
 */
record MappedPage(ResourceSpec spec, JobContext context, ResourceProgress progress, List<ObjectNode[]> mappedItems,
                  Instant startedAt) {
}
