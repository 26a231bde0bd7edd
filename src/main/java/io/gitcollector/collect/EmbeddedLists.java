package io.gitcollector.collect;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.http.ApiResponse;
import io.gitcollector.http.PaginationStyles;
import io.gitcollector.http.PlatformApiException;
import org.springframework.stereotype.Component;

/** Reads a resource's {@code embed.<field>} lists (a team's members, a pipeline's detail) and sets them on the item. */
@Component
class EmbeddedLists {

    private final ApiCalls apiCalls;
    private final ObjectMapper mapper;

    EmbeddedLists(ApiCalls apiCalls, ObjectMapper mapper) {
        this.apiCalls = apiCalls;
        this.mapper = mapper;
    }

    /** Fetches each {@code embed.<field>} list whole (every page) and sets it on the item before mapping. */
    void embed(ResourceSpec spec, JobContext context, JsonNode parent, JsonNode item) {
        if (spec.embeds().isEmpty() || !(item instanceof ObjectNode target)) {
            return;
        }
        var pagination = PaginationStyles.named(spec.embedPagination());
        for (ResourceSpec.Embed embed : spec.embeds().values()) {
            URI next = ResourceUrls.apiUrl(context, embed.path(), parent, item);
            com.fasterxml.jackson.databind.node.ArrayNode list = mapper.createArrayNode();
            JsonNode single = null;
            while (next != null) {
                ApiResponse response;
                try {
                    response = apiCalls.get(context, spec.resource(), next, null);
                } catch (PlatformApiException e) {
                    if (spec.skipOnStatus().contains(e.status())) {
                        throw new SkippedResource(e.getMessage());
                    }
                    throw e;
                }
                JsonNode body = response.json();
                JsonNode found = embed.items().isEmpty() ? body : body.at(embed.items());
                if (found.isArray()) {
                    found.forEach(list::add);
                } else {
                    single = found; // one object (a pipeline's detail): embedded as it is
                    break;
                }
                next = pagination.next(response, body).orElse(null);
            }
            target.set(embed.field(), single != null ? single : list);
        }
    }

}
