package io.gitcollector.collect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.health.HealthLedger;
import io.gitcollector.publish.EventPublisher;
import org.springframework.stereotype.Component;

/**
 * Publishes mapped pages: wraps each item in the contract's envelope ({@link PageEnvelopes}), publishes what the
 * dedup store has not seen to its topic, then acknowledges them: the hash versions remembered, the repository's
 * health ledger told, the resource's published and duplicate counts moved. Pages held to be published together
 * ({@link ChildPages}) come from {@link #heldPages()}.
 */
@Component
public class PagePublisher {

    private final PageEnvelopes envelopes;
    private final EventPublisher publisher;
    private final HealthLedger ledger;

    PagePublisher(PageEnvelopes envelopes, EventPublisher publisher, HealthLedger ledger) {
        this.envelopes = envelopes;
        this.publisher = publisher;
        this.ledger = ledger;
    }

    /**
     * Pages held to be published together when {@link ChildPages#flush()} is called: a page's children, or a poll's
     * webhook deliveries (set on each delivery's exchange as {@link ResourceCollector#CHILD_PAGES}).
     */
    public ChildPages heldPages() {
        return new ChildPages(this::publish);
    }

    /**
     * Wraps, deduplicates and publishes mapped pages (each a page of one resource of one job) in as few round trips
     * as they allow: the pages of one resource share one version look-up, and each topic gets one Kafka batch.
     * Returns each page's envelopes, in its items' order.
     */
    List<List<ObjectNode>> publish(List<MappedPage> pages) {
        Map<MappedPage, List<ObjectNode>> wrapped = new IdentityHashMap<>();
        List<PageEnvelopes.Envelopes> versioned = new ArrayList<>();
        for (List<MappedPage> resource : byResourceAndJob(pages)) {
            List<ObjectNode[]> all = new ArrayList<>();
            resource.forEach(p -> all.addAll(p.mappedItems()));
            PageEnvelopes.Envelopes envelopesOf = envelopes.envelopes(resource.get(0).spec(), resource.get(0).context(), all);
            versioned.add(envelopesOf);
            int from = 0;
            for (MappedPage p : resource) {
                wrapped.put(p, envelopesOf.page.subList(from, from + p.mappedItems().size()));
                from += p.mappedItems().size();
            }
        }
        Map<String, List<ObjectNode>> byTopic = new LinkedHashMap<>();
        Map<String, List<ObjectNode>> byRepository = new LinkedHashMap<>();
        for (MappedPage p : pages) {
            PageEnvelopes.byTopic(p.spec(), wrapped.get(p)).forEach((topic, envelopesOf) ->
                    byTopic.computeIfAbsent(topic, t -> new ArrayList<>()).addAll(envelopesOf));
            byRepository.computeIfAbsent(p.context().job().repositoryId(), r -> new ArrayList<>()).addAll(wrapped.get(p));
        }
        Set<String> published = new HashSet<>();
        byTopic.forEach((topic, envelopesOf) -> published.addAll(publisher.publishNew(topic, envelopesOf)));
        versioned.forEach(PageEnvelopes.Envelopes::rememberVersions);
        Instant startedAt = pages.get(0).startedAt();
        byRepository.forEach((repositoryId, events) -> ledger.record(repositoryId, events, startedAt));
        List<List<ObjectNode>> result = new ArrayList<>(pages.size());
        for (MappedPage p : pages) {
            List<ObjectNode> page = wrapped.get(p);
            long fresh = page.stream().filter(e -> published.contains(e.path("event_id").asText())).count();
            p.progress().countPublished(fresh);
            p.progress().countDuplicates(page.size() - fresh);
            result.add(page);
        }
        return result;
    }

    /**
     * The pages grouped by resource and job, in order: held webhook deliveries may be of several repositories. By
     * identity (one spec per endpoint, one context per run): the groups are few, and records would hash their maps.
     */
    private static List<List<MappedPage>> byResourceAndJob(List<MappedPage> pages) {
        List<List<MappedPage>> groups = new ArrayList<>();
        for (MappedPage page : pages) {
            List<MappedPage> group = groups.stream().filter(g -> g.get(0).spec() == page.spec()
                    && g.get(0).context() == page.context()).findFirst().orElse(null);
            if (group == null) {
                group = new ArrayList<>();
                groups.add(group);
            }
            group.add(page);
        }
        return groups;
    }
}
