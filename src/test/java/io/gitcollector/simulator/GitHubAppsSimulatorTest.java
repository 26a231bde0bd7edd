package io.gitcollector.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitcollector.support.TestAppKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pins the simulator's GitHub App endpoints against GitHub's documentation: what a JWT must be, the installation
 * lookups, the 201 with an installation token, and the token's life on API calls. Plain JUnit over HTTP, no Spring.
 */
class GitHubAppsSimulatorTest {

    private static final String APP = "31337";
    private static final TestAppKeys KEYS = TestAppKeys.generate();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static GitHubSimulator simulator;
    private static long installation;

    @BeforeAll
    static void start() throws IOException {
        simulator = GitHubSimulator.start(0);
        simulator.requireToken("ghp_theOnlyPersonalTokenAcceptedHere01");
        simulator.createRepository("acme", "widgets").seed(3, 0, 0);
        simulator.apps().register(APP, KEYS.pair.getPublic());
        installation = simulator.apps().install(APP, "acme");
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void aJwtSignedByTheAppFindsItsInstallationByRepositoryOrganizationOrList() throws Exception {
        String jwt = jwt(KEYS.pair.getPrivate(), Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 540);

        JsonNode byRepository = json(send("GET", "/repos/acme/widgets/installation", jwt), 200);
        JsonNode byOrganization = json(send("GET", "/orgs/acme/installation", jwt), 200);
        JsonNode list = json(send("GET", "/app/installations", jwt), 200);

        assertThat(byRepository.path("id").asLong()).isEqualTo(installation);
        assertThat(byRepository.path("account").path("login").asText()).isEqualTo("acme");
        assertThat(byRepository.path("access_tokens_url").asText()).endsWith("/app/installations/" + installation + "/access_tokens");
        assertThat(byOrganization).isEqualTo(byRepository);
        assertThat(list.isArray()).isTrue();
        assertThat(list.get(0)).isEqualTo(byRepository);
        assertThat(send("GET", "/orgs/elsewhere/installation", jwt).statusCode()).isEqualTo(404);
    }

    @Test
    void anInstallationTokenIsIssuedWith201AndServesApiCallsUntilItExpires() throws Exception {
        simulator.apps().tokenLifetime(Duration.ofSeconds(2));
        try {
            String jwt = jwt(KEYS.pair.getPrivate(), Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 540);
            HttpResponse<String> issued = send("POST", "/app/installations/" + installation + "/access_tokens", jwt);

            JsonNode body = json(issued, 201);
            String token = body.path("token").asText();
            assertThat(token).startsWith("ghs_").hasSize(40);
            Instant expiresAt = Instant.parse(body.path("expires_at").asText());
            assertThat(expiresAt).isBetween(Instant.now().minusSeconds(1), Instant.now().plusSeconds(3));
            assertThat(body.path("repository_selection").asText()).isEqualTo("all");
            assertThat(body.path("permissions").path("contents").asText()).isEqualTo("read");
            assertThat(send("GET", "/repos/acme/widgets", token).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/repos/acme/widgets/installation", token).statusCode())
                    .as("an installation token is no JWT").isEqualTo(401);

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> !Instant.now().isBefore(expiresAt));
            HttpResponse<String> expired = send("GET", "/repos/acme/widgets", token);
            assertThat(expired.statusCode()).isEqualTo(401);
            assertThat(json(expired, 401).path("message").asText()).isEqualTo("Bad credentials");
            assertThat(simulator.apps().expiredTokenRequests()).isEqualTo(1);
        } finally {
            simulator.apps().tokenLifetime(Duration.ofHours(1));
        }
    }

    @Test
    void aJwtSignedByAnotherKeyExpiredOrTooLongLivedIsRefusedInGitHubsWords() throws Exception {
        long now = Instant.now().getEpochSecond();
        String path = "/app/installations/" + installation + "/access_tokens";

        assertThat(message(send("POST", path, jwt(TestAppKeys.generate().pair.getPrivate(), now - 60, now + 540))))
                .isEqualTo("A JSON web token could not be decoded");
        assertThat(message(send("POST", path, "not.a.jwt"))).isEqualTo("A JSON web token could not be decoded");
        assertThat(message(send("POST", path, jwt(KEYS.pair.getPrivate(), now - 700, now - 100))))
                .startsWith("'Expiration time' claim ('exp') must be a numeric value representing the future time");
        assertThat(message(send("POST", path, jwt(KEYS.pair.getPrivate(), now - 60, now + 660))))
                .isEqualTo("'Expiration time' claim ('exp') is too far in the future");
    }

    /** The 401's message, with GitHub's documentation_url beside it. */
    private static String message(HttpResponse<String> response) throws IOException {
        JsonNode body = json(response, 401);
        assertThat(body.path("documentation_url").asText()).isEqualTo("https://docs.github.com/rest");
        return body.path("message").asText();
    }

    private static String jwt(PrivateKey key, long iat, long exp) throws Exception {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signed = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(("{\"iat\":" + iat + ",\"exp\":" + exp + ",\"iss\":\"" + APP + "\"}").getBytes(StandardCharsets.UTF_8));
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(key);
        rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
        return signed + "." + url.encodeToString(rs256.sign());
    }

    private static HttpResponse<String> send(String method, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.apiUrl() + path))
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/vnd.github+json");
        request = method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.ofString("{}")) : request.GET();
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Shapes.MAPPER.readTree(response.body());
    }
}
