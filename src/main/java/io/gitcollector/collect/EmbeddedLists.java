package io.gitcollector.collect;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitcollector.http.ApiResponse;
import io.gitcollector.http.PaginationStyles;
import io.gitcollector.http.PlatformApiException;
import io.gitcollector.http.PlatformHttpClient;
import org.springframework.stereotype.Component;

/** Reads a resource's {@code embed.<field>} lists (a team's members, a pipeline's detail) and sets them on the item. */
@Component
class EmbeddedLists {

    private final PlatformHttpClient http;
    private final ObjectMapper mapper;
    private final RateLimitRecorder rateLimits;

    EmbeddedLists(PlatformHttpClient http, ObjectMapper mapper, RateLimitRecorder rateLimits) {
        this.http = http;
        this.mapper = mapper;
        this.rateLimits = rateLimits;
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
                context.beforeApiCall().run();
                ApiResponse response;
                try {
                    response = http.get(context.platform(), next);
                } catch (PlatformApiException e) {
                    if (spec.skipOnStatus().contains(e.status())) {
                        throw new SkippedResource(e.getMessage());
                    }
                    throw e;
                } finally {
                    context.progress().apiCall(spec.resource());
                }
                rateLimits.record(context, response);
                JsonNode body = readBody(response);
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

    private JsonNode readBody(ApiResponse response) {
        try {
            return mapper.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new PlatformApiException(response.status(), "GET " + response.uri().getRawPath()
                    + " answered a body that is not JSON");
        }
    }
}
