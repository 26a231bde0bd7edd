package io.gitcollector.collect;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The mapped pages of a parent page's child resources (a page of pull requests' reviews), held until the
 * parent's children are all read and then published together: one dedup look-up, one Kafka batch and one
 * version look-up for the lot, where publishing each pull request's three reviews on its own cost a Kafka
 * round trip and five Redis ones apiece. A parent page is published before its children are read, so a
 * parent still precedes its children on the topic.
 * <p>
 * Held pages are published early when they reach {@link #LIMIT} items (a memory bound) or when an item's
 * identity was already held for its entity (each version must follow the one published before it).
 */
public final class ChildPages {

    /** At most this many mapped items wait; more are published at once. */
    static final int LIMIT = 1000;

    private final Consumer<List<MappedPage>> publish;
    private final List<MappedPage> held = new ArrayList<>();
    private final Set<String> identities = new HashSet<>();
    private int items;

    ChildPages(Consumer<List<MappedPage>> publish) {
        this.publish = publish;
    }

    void hold(MappedPage page) {
        List<String> keys = new ArrayList<>(page.mappedItems().size());
        for (ObjectNode[] mapped : page.mappedItems()) {
            keys.add(page.spec().entity() + "\u0000"
                    + ResourceSpec.field(mapped[0].get("data"), page.spec().identity()).asText());
        }
        if (keys.stream().anyMatch(identities::contains)) {
            flush();
        }
        held.add(page);
        identities.addAll(keys);
        items += keys.size();
        if (items >= LIMIT) {
            flush();
        }
    }

    /** Publishes what is held (the parent's children are all read, or the bound is reached). */
    public void flush() {
        if (held.isEmpty()) {
            return;
        }
        List<MappedPage> pages = List.copyOf(held);
        held.clear();
        identities.clear();
        items = 0;
        publish.accept(pages);
    }
}
