package io.gitcollector.collect;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.http.ApiResponse;
import io.gitcollector.http.PlatformApiException;
import io.gitcollector.state.PageStore;
import org.springframework.stereotype.Component;

/** Reads a resource's {@code embed.<field>} lists (a team's members, a pipeline's detail) and sets them on the item. */
@Component
class EmbeddedLists {

    private final ApiCalls apiCalls;
    private final ObjectMapper mapper;
    private final ConditionalPages conditionalPages;

    EmbeddedLists(ApiCalls apiCalls, ObjectMapper mapper, ConditionalPages conditionalPages) {
        this.apiCalls = apiCalls;
        this.mapper = mapper;
        this.conditionalPages = conditionalPages;
    }

    /**
     * Fetches each {@code embed.<field>} list whole (every page) and sets it on the item before mapping. Under
     * {@code conditional: each-page} each page is asked with its ETag and a 304 answered from the stored page.
     */
    void embed(ResourceSpec spec, JobContext context, JsonNode parent, JsonNode item) {
        if (spec.embeds().isEmpty() || !(item instanceof ObjectNode target)) {
            return;
        }
        var pagination = spec.embedPaging();
        for (ResourceSpec.Embed embed : spec.embeds().values()) {
            URI next = ResourceUrls.apiUrl(context, embed.path(), parent, item);
            com.fasterxml.jackson.databind.node.ArrayNode list = mapper.createArrayNode();
            JsonNode single = null;
            while (next != null) {
                ApiResponse response;
                PageStore.Page stored = conditionalPages.stored(spec, context, next, true).orElse(null);
                try {
                    response = apiCalls.get(context, spec.resource(), next, stored == null ? null : stored.etag());
                } catch (PlatformApiException e) {
                    if (spec.skipOnStatus().contains(e.status())) {
                        throw new SkippedResource(e.getMessage());
                    }
                    throw e;
                }
                boolean unchanged = response.status() == 304 && stored != null;
                JsonNode body = unchanged ? conditionalPages.body(stored) : response.json();
                URI following = unchanged ? stored.next() : pagination.next(response, body).orElse(null);
                if (unchanged) {
                    context.progress().resource(spec.resource()).countNotModified();
                } else {
                    // Stored at once: a 304 is answered from this body, so nothing is lost if the item is not published.
                    conditionalPages.remember(spec, context, next, response, following, true);
                }
                JsonNode found = embed.items().isEmpty() ? body : body.at(embed.items());
                if (found.isArray()) {
                    found.forEach(list::add);
                } else {
                    single = found; // one object (a pipeline's detail): embedded as it is
                    break;
                }
                next = following;
            }
            target.set(embed.field(), single != null ? single : list);
        }
    }

}
