package io.gitcollector.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * GitHub Apps as the simulator knows them: apps (an id and the public half of their key), their installations
 * (one per account), and the installation tokens issued. As GitHub documents: a JWT (RS256, {@code iss} the app's
 * id, {@code exp} in the future and at most ten minutes after {@code iat}) authenticates the app on
 * {@code GET /app/installations}, {@code GET /repos/{owner}/{repo}/installation}, {@code GET /orgs/{org}/installation},
 * {@code GET /users/{user}/installation} and {@code POST /app/installations/{id}/access_tokens} (201, a
 * {@code ghs_} token and its {@code expires_at}); a bad JWT gets 401 "A JSON web token could not be decoded".
 * Installation tokens last an hour, or the {@link #tokenLifetime} a test sets; an expired one gets 401 Bad
 * credentials on API calls. Token values are only map keys: never logged.
 */
public final class GitHubApps {

    private static final Pattern ACCESS_TOKENS = Pattern.compile("^/app/installations/(\\d+)/access_tokens$");
    private static final Pattern INSTALLATION_OF = Pattern.compile("^/(?:repos/([^/]+)/[^/]+|orgs/([^/]+)|users/([^/]+))/installation$");
    private static final String JSON = "application/json; charset=utf-8";
    private static final String DOCS = "https://docs.github.com/rest";
    private static final Duration MAX_JWT_LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private record Installation(long id, String appId, String account) {
    }

    private record Issued(long installation, Instant expiresAt) {
    }

    private final String apiBase;
    private final Map<String, PublicKey> apps = new HashMap<>();
    private final Map<Long, Installation> installations = new LinkedHashMap<>();
    private final Map<String, Issued> issued = new LinkedHashMap<>();
    private Duration lifetime = Duration.ofHours(1);
    private long nextInstallation = 7_000_001;
    private long jwtRequests;
    private long refusedJwts;
    private long expiredTokenRequests;

    GitHubApps(String apiBase) {
        this.apiBase = apiBase;
    }

    /** An app GitHub knows: JWTs it signs with the private half of {@code key} are accepted. */
    public synchronized void register(String appId, PublicKey key) {
        apps.put(appId, key);
    }

    /** Installs the app on an account (an organization or user): the installation's id. */
    public synchronized long install(String appId, String account) {
        for (Installation installation : installations.values()) {
            if (installation.appId().equals(appId) && installation.account().equalsIgnoreCase(account)) {
                return installation.id();
            }
        }
        long id = nextInstallation++;
        installations.put(id, new Installation(id, appId, account));
        return id;
    }

    /** How long the next installation tokens last (GitHub: an hour), whole seconds as expires_at shows them. */
    public synchronized void tokenLifetime(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** The installation tokens issued so far, oldest first (for tests to follow; never printed). */
    public synchronized List<String> issuedTokens() {
        return List.copyOf(issued.keySet());
    }

    /** The tokens issued to one installation, oldest first. */
    public synchronized List<String> issuedTokens(long installation) {
        return issued.entrySet().stream().filter(e -> e.getValue().installation() == installation).map(Map.Entry::getKey).toList();
    }

    /** When an issued token expires. */
    public synchronized Instant expiresAt(String token) {
        Issued known = issued.get(token);
        if (known == null) {
            throw new IllegalArgumentException("not an issued installation token");
        }
        return known.expiresAt();
    }

    /** Requests authenticated (or refused) as an app, with a JWT. */
    public synchronized long jwtRequests() {
        return jwtRequests;
    }

    /** JWTs refused: undecodable, badly signed, of an unknown app, expired or too long-lived. */
    public synchronized long refusedJwts() {
        return refusedJwts;
    }

    /** Requests that carried an installation token after it expired. */
    public synchronized long expiredTokenRequests() {
        return expiredTokenRequests;
    }

    /** Whether this request is one GitHub answers to an app (its JWT), not to a token. */
    boolean handles(SimulatorServer.Call call) {
        String path = call.path();
        return path.equals("/app/installations") || ACCESS_TOKENS.matcher(path).matches()
                || INSTALLATION_OF.matcher(path).matches();
    }

    /** Valid or expired for an installation token issued here; null for any other credential. */
    synchronized Boolean valid(String token) {
        Issued known = token == null ? null : issued.get(token);
        return known == null ? null : Instant.now().isBefore(known.expiresAt());
    }

    /** Counts a request carrying an expired installation token as it arrives. */
    synchronized void received(String token) {
        if (Boolean.FALSE.equals(valid(token))) {
            expiredTokenRequests++;
        }
    }

    synchronized void answer(SimulatorServer.Call call, String jwt) throws IOException {
        jwtRequests++;
        String refusal = refusal(jwt);
        if (refusal != null) {
            refusedJwts++;
            send(call, 401, message(refusal));
            return;
        }
        String appId = claims(jwt).path("iss").asText();
        String path = call.path();
        Matcher accessTokens = ACCESS_TOKENS.matcher(path);
        Matcher installationOf = INSTALLATION_OF.matcher(path);
        if (path.equals("/app/installations") && call.method().equals("GET")) {
            ArrayNode list = Shapes.MAPPER.createArrayNode();
            installations.values().stream().filter(i -> i.appId().equals(appId)).forEach(i -> list.add(installation(i)));
            send(call, 200, list);
        } else if (installationOf.matches() && call.method().equals("GET")) {
            String account = installationOf.group(1) != null ? installationOf.group(1)
                    : installationOf.group(2) != null ? installationOf.group(2) : installationOf.group(3);
            Installation found = installations.values().stream()
                    .filter(i -> i.appId().equals(appId) && i.account().equalsIgnoreCase(account)).findFirst().orElse(null);
            if (found == null) {
                send(call, 404, message("Not Found"));
            } else {
                send(call, 200, installation(found));
            }
        } else if (accessTokens.matches() && call.method().equals("POST")) {
            call.body(); // the optional repositories and permissions: the simulator grants everything
            Installation found = installations.get(Long.parseLong(accessTokens.group(1)));
            if (found == null || !found.appId().equals(appId)) {
                send(call, 404, message("Not Found"));
                return;
            }
            String token = newToken();
            Instant expiresAt = Instant.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
            issued.put(token, new Issued(found.id(), expiresAt));
            ObjectNode body = Shapes.MAPPER.createObjectNode().put("token", token).put("expires_at", expiresAt.toString());
            body.set("permissions", permissions());
            body.put("repository_selection", "all");
            send(call, 201, body);
        } else {
            send(call, 404, message("Not Found"));
        }
    }

    /** Why GitHub refuses this JWT, in its words; null when it is accepted. */
    private String refusal(String jwt) {
        String[] parts = jwt == null ? new String[0] : jwt.split("\\.", -1);
        if (parts.length != 3) {
            return "A JSON web token could not be decoded";
        }
        JsonNode header;
        JsonNode claims;
        try {
            header = Shapes.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = Shapes.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            return "A JSON web token could not be decoded";
        }
        PublicKey key = apps.get(claims.path("iss").asText());
        if (!"RS256".equals(header.path("alg").asText()) || key == null || !signedBy(key, parts)) {
            return "A JSON web token could not be decoded";
        }
        long now = Instant.now().getEpochSecond();
        long exp = claims.path("exp").asLong(0);
        long iat = claims.path("iat").asLong(0);
        if (exp <= now) {
            return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
        }
        if (exp - iat > MAX_JWT_LIFETIME.toSeconds()) {
            return "'Expiration time' claim ('exp') is too far in the future";
        }
        if (iat > now + 60) {
            return "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
        }
        return null;
    }

    private static boolean signedBy(PublicKey key, String[] parts) {
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonNode claims(String jwt) throws IOException {
        return Shapes.MAPPER.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private ObjectNode installation(Installation installation) {
        ObjectNode body = Shapes.MAPPER.createObjectNode().put("id", installation.id());
        body.putObject("account").put("login", installation.account()).put("id", 9_000_000 + installation.id() % 1000)
                .put("type", "Organization");
        body.put("app_id", installation.appId().matches("\\d{1,18}") ? Long.parseLong(installation.appId()) : 0);
        body.put("target_type", "Organization");
        body.put("repository_selection", "all");
        body.put("access_tokens_url", apiBase + "/app/installations/" + installation.id() + "/access_tokens");
        body.set("permissions", permissions());
        return body;
    }

    private static ObjectNode permissions() {
        ObjectNode permissions = Shapes.MAPPER.createObjectNode();
        for (String read : List.of("contents", "metadata", "pull_requests", "issues", "actions", "members", "administration")) {
            permissions.put(read, "read");
        }
        return permissions;
    }

    private static ObjectNode message(String text) {
        return Shapes.MAPPER.createObjectNode().put("message", text).put("documentation_url", DOCS);
    }

    private static void send(SimulatorServer.Call call, int status, JsonNode body) throws IOException {
        call.send(status, JSON, body.toString(), Map.of());
    }

    /** {@code ghs_} and 36 letters and digits, as GitHub's installation tokens read. */
    private static String newToken() {
        StringBuilder token = new StringBuilder("ghs_");
        for (int i = 0; i < 36; i++) {
            token.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return token.toString();
    }
}
