package io.gitcollector.collect;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * Takes one fetched page through its stages: mapped ({@link PageMapper}), then published ({@link PagePublisher}),
 * or held with its siblings when it is a leaf child resource's page ({@link ChildPages}); then its items' child
 * resources ({@code each}) are collected, their pages published together once they are all read. A listing (no
 * mapper) publishes nothing: each item, as the platform sent it, is a parent. Counts the page, and tells the run.
 */
@Component
class PageCollector {

    private final PageMapper pageMapper;
    private final PagePublisher pagePublisher;
    private final ProducerTemplate template;

    PageCollector(PageMapper pageMapper, PagePublisher pagePublisher, ProducerTemplate template) {
        this.pageMapper = pageMapper;
        this.pagePublisher = pagePublisher;
        this.template = template;
    }

    /** @param parent the parent item's normalized data, for a child resource; null for a top-level one */
    void collect(ResourceRun run, FetchedPage page, JsonNode parent) {
        ResourceSpec spec = run.spec;
        if (spec.discover() != null) {
            collectDiscovered(run, page);
            return;
        }
        if (spec.mapper() == null) {
            collectListing(run, page);
            return;
        }
        MappedPage mapped = pageMapper.map(run, page, parent);
        if (run.heldBy != null && spec.each() == null) {
            run.heldBy.hold(mapped);
        } else {
            // Published before the children, so a parent precedes its reviews on the topic.
            List<ObjectNode> events = pagePublisher.publish(List.of(mapped)).get(0);
            if (spec.each() != null) {
                ChildPages children = pagePublisher.heldPages();
                for (int i = 0; i < events.size(); i++) {
                    collectChildren(spec.each(), run.context, (ObjectNode) events.get(i).get("data"),
                            mapped.mappedItems().get(i)[1], children);
                }
                children.flush();
            }
        }
        run.progress.countPage();
        run.context.onPage().run();
    }

    private void collectListing(ResourceRun run, FetchedPage page) {
        ChildPages children = pagePublisher.heldPages();
        for (JsonNode item : page.items()) {
            run.progress.countItem();
            if (item instanceof ObjectNode object) {
                collectChildren(run.spec.each(), run.context, object, object, children);
            }
        }
        children.flush();
        run.progress.countPage();
        run.context.onPage().run();
    }

    /** An organization's listing: each item's repository URL is noted for the discovery that asked; nothing is published. */
    private void collectDiscovered(ResourceRun run, FetchedPage page) {
        for (JsonNode item : page.items()) {
            run.progress.countItem();
            String url = item.at(run.spec.discover()).asText("");
            if (!url.isBlank()) {
                run.context.discovered().add(url);
            }
        }
        run.progress.countPage();
        run.context.onPage().run();
    }

    /** Sends one parent item to the {@code each} route, which collects its child resources ({@code collect:}). */
    private void collectChildren(String route, JobContext context, ObjectNode parentData, ObjectNode parentItem,
                                 ChildPages held) {
        Exchange child = new DefaultExchange(template.getCamelContext());
        child.setProperty(ResourceCollector.CHILD_PAGES, held);
        child.setProperty(io.gitcollector.metrics.PerItemExchanges.MARK, true); // one per parent item
        child.setProperty(JobContext.PROPERTY, context);
        child.setProperty(ResourceCollector.PARENT, parentData);
        child.setProperty(ResourceCollector.PARENT_ITEM, parentItem);
        Exchange result = template.send(route, child);
        if (result.getException() != null) {
            Exception e = result.getException();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }
}
