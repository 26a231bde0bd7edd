package io.gitcollector.collect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.config.CollectorProperties;
import io.gitcollector.model.UtcTimes;
import org.springframework.stereotype.Component;

/**
 * Maps a fetched page: each item's embedded lists read ({@link EmbeddedLists}), then the source's mapper run on it
 * ({@link ItemMapper}; an item it cannot map is a dead letter and the page goes on). Follows, on the resource's run,
 * the newest watermark time, the oldest item still pending ({@code pendingWhen}) and whether a list sorted newest
 * first reached the watermark ({@code stopAtWatermark}: the page ends there); exports the {@code export} fields as
 * path variables of the resources after it.
 */
@Component
class PageMapper {

    private final ItemMapper itemMapper;
    private final EmbeddedLists embeds;
    private final Duration pendingHoldMax;

    PageMapper(ItemMapper itemMapper, EmbeddedLists embeds, CollectorProperties properties) {
        this.itemMapper = itemMapper;
        this.embeds = embeds;
        this.pendingHoldMax = properties.getSync().getPendingHoldMax();
    }

    /** The page's mapped events, each beside the item it came from; counts the items read. */
    MappedPage map(ResourceRun run, FetchedPage page, JsonNode parent) {
        ResourceSpec spec = run.spec;
        List<ObjectNode[]> mappedItems = new ArrayList<>();
        String parentText = parent == null ? null : parent.toString();
        items:
        for (JsonNode item : page.items()) {
            run.progress.countItem();
            embeds.embed(spec, run.context, parent, item);
            for (ObjectNode mapped : itemMapper.map(spec, run.context, item, parent, parentText)) {
                Instant stamp = run.tracksWatermark ? UtcTimes.parse(ResourceSpec.field(mapped.get("data"), spec.watermark())) : null;
                if (spec.stopAtWatermark() && run.since != null && stamp != null && stamp.isBefore(run.since)) {
                    // Sorted newest first: everything from here on was collected by an earlier run.
                    run.reachedWatermark = true;
                    break items;
                }
                if (run.until != null && stamp != null && stamp.isAfter(run.until)) {
                    continue; // after the backfill's window: a normal run publishes it
                }
                if (stamp != null && stamp.isAfter(run.startedAt)) {
                    // A commit dated in the future must not carry the watermark past every commit to come.
                    stamp = run.startedAt;
                }
                if (stamp != null && (run.newest == null || stamp.isAfter(run.newest))) {
                    run.newest = stamp;
                }
                // An item pending for longer than pending-hold-max no longer holds the watermark (a stuck run).
                if (stamp != null && spec.pending() != null && spec.pending().values().contains(
                        mapped.get("data").path(spec.pending().field()).asText())
                        && stamp.isAfter(run.startedAt.minus(pendingHoldMax))
                        && (run.pendingFrom == null || stamp.isBefore(run.pendingFrom))) {
                    run.pendingFrom = stamp;
                }
                for (String field : spec.export()) {
                    JsonNode value = mapped.get("data").path(field);
                    if (!value.isMissingNode() && !value.isNull()) {
                        run.context.export(spec.resource(), field, value.asText());
                    }
                }
                mappedItems.add(new ObjectNode[] {mapped, item instanceof ObjectNode o ? o : null});
            }
        }
        return new MappedPage(spec, run.context, run.progress, mappedItems, run.startedAt);
    }
}
