package io.gitcollector;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.support.CollectorIntegrationTest;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Hawtio answers at /actuator/hawtio for an admin, and its Jolokia lists every route of the service with statistics. */
class HawtioTest extends CollectorIntegrationTest {

    @Autowired
    CamelContext camel;

    @Test
    void hawtioServesItsConsoleToAnAdmin() {
        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/actuator/hawtio/")).GET().build());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).containsIgnoringCase("<title>Hawtio</title>");
    }

    /**
     * What a browser does: asked for Basic on the first page, it sends any user name and the admin key; Hawtio's
     * script then asks /user whether someone is signed in (a 403 there would show Hawtio's own login form, whose POST
     * no key filter lets through) and reads Jolokia with the same credentials.
     */
    @Test
    void aBrowserSignedInWithBasicGetsTheConsoleAndNoHawtioLoginForm() {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(("ops:" + ADMIN_KEY)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> asked = sendAsIs(HttpRequest.newBuilder(uri("/actuator/hawtio/")).GET().build());
        assertThat(asked.statusCode()).isEqualTo(401);
        assertThat(asked.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic "));

        assertThat(sendAsIs(HttpRequest.newBuilder(uri("/actuator/hawtio/")).header("Authorization", basic).GET().build())
                .statusCode()).isEqualTo(200);
        HttpResponse<String> user = sendAsIs(HttpRequest.newBuilder(uri("/actuator/hawtio/user"))
                .header("Authorization", basic).GET().build());
        assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
        assertThat(user.body().trim()).as("signed in: no login form").isEqualTo("\"public\"");
        HttpResponse<String> version = sendAsIs(HttpRequest.newBuilder(uri("/actuator/jolokia/version"))
                .header("Authorization", basic).GET().build());
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(json(version).path("status").asInt()).isEqualTo(200);
    }

    @Test
    void jolokiaListsEveryRouteOfTheServiceWithItsStatistics() {
        String read = "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=*,type=routes,name=*\","
                + "\"attribute\":[\"RouteId\",\"ExchangesTotal\",\"State\"]}";
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(read)).build());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = json(answer);
        assertThat(body.path("status").asInt()).as(answer.body()).isEqualTo(200);

        Set<String> listed = new TreeSet<>();
        List<String> withoutStatistics = new ArrayList<>();
        body.path("value").fields().forEachRemaining(mbean -> {
            listed.add(mbean.getValue().path("RouteId").asText());
            if (!mbean.getValue().path("ExchangesTotal").isNumber()) {
                withoutStatistics.add(mbean.getKey());
            }
        });
        Set<String> routes = new TreeSet<>(camel.getRoutes().stream().map(Route::getRouteId).toList());
        assertThat(routes).contains("trigger-collection", "publish-events", "github-sync", "github-map-repository");
        assertThat(listed).containsAll(routes);
        assertThat(withoutStatistics).isEmpty();
        // The statistics are live: one /health request counts one exchange on the health route.
        long before = healthExchanges();
        assertThat(send(HttpRequest.newBuilder(uri("/health")).GET().build()).statusCode()).isEqualTo(200);
        assertThat(healthExchanges()).isEqualTo(before + 1);
    }

    private long healthExchanges() {
        String request = "{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=git-collector,type=routes,name=\\\"health\\\"\","
                + "\"attribute\":\"ExchangesTotal\"}";
        HttpResponse<String> read = send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build());
        JsonNode value = json(read).path("value");
        assertThat(value.isNumber()).as(read.body()).isTrue();
        return value.asLong();
    }
}
