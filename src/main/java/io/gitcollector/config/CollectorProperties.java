package io.gitcollector.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Everything under {@code collector:} in application.yaml; each field is documented there. */
@ConfigurationProperties("collector")
public class CollectorProperties {

    private String dataDir = "./data";
    private final Kafka kafka = new Kafka();
    private final Redis redis = new Redis();
    private final Jobs jobs = new Jobs();
    private final Http http = new Http();
    private final Sync sync = new Sync();
    private final Security security = new Security();
    private final Privacy privacy = new Privacy();
    private final Webhooks webhooks = new Webhooks();
    private Map<String, Platform> platforms = new LinkedHashMap<>();
    private List<ScheduledRepository> repositories = new ArrayList<>();

    public String getDataDir() { return dataDir; }
    public void setDataDir(String dataDir) { this.dataDir = dataDir; }
    public Kafka getKafka() { return kafka; }
    public Redis getRedis() { return redis; }
    public Jobs getJobs() { return jobs; }
    public Http getHttp() { return http; }
    public Sync getSync() { return sync; }
    public Security getSecurity() { return security; }
    public Privacy getPrivacy() { return privacy; }
    public Webhooks getWebhooks() { return webhooks; }
    public Map<String, Platform> getPlatforms() { return platforms; }
    public void setPlatforms(Map<String, Platform> platforms) { this.platforms = platforms; }
    public List<ScheduledRepository> getRepositories() { return repositories; }
    public void setRepositories(List<ScheduledRepository> repositories) { this.repositories = repositories; }

    public static class Kafka {
        private String brokers = "";
        private int embeddedPort = 9092;
        private int partitions = 3;
        private short replicationFactor = 1;
        private List<String> topics = new ArrayList<>();
        private String jobsTopic = "git.collect.jobs";
        private int jobsPartitions = 12;
        private String deadLetterTopic = "git.dlq";
        private String auditTopic = "git.audit";
        private Duration retention = Duration.ofDays(30);
        private Duration auditRetention = Duration.ofDays(365);
        private Duration deliveryTimeout = Duration.ofMinutes(1);

        public String getBrokers() { return brokers; }
        public void setBrokers(String brokers) { this.brokers = brokers; }
        public int getEmbeddedPort() { return embeddedPort; }
        public void setEmbeddedPort(int embeddedPort) { this.embeddedPort = embeddedPort; }
        public int getPartitions() { return partitions; }
        public void setPartitions(int partitions) { this.partitions = partitions; }
        public short getReplicationFactor() { return replicationFactor; }
        public void setReplicationFactor(short replicationFactor) { this.replicationFactor = replicationFactor; }
        public List<String> getTopics() { return topics; }
        public void setTopics(List<String> topics) { this.topics = topics; }
        public String getJobsTopic() { return jobsTopic; }
        public void setJobsTopic(String jobsTopic) { this.jobsTopic = jobsTopic; }
        /** Partitions of the jobs topic: the most jobs the whole cluster runs at once. */
        public int getJobsPartitions() { return jobsPartitions; }
        public void setJobsPartitions(int jobsPartitions) { this.jobsPartitions = jobsPartitions; }
        /** How long a batch of events may wait for Kafka's acknowledgement before its run fails. */
        public Duration getDeliveryTimeout() { return deliveryTimeout; }
        public void setDeliveryTimeout(Duration deliveryTimeout) { this.deliveryTimeout = deliveryTimeout; }
        public String getDeadLetterTopic() { return deadLetterTopic; }
        public void setDeadLetterTopic(String deadLetterTopic) { this.deadLetterTopic = deadLetterTopic; }
        public String getAuditTopic() { return auditTopic; }
        public void setAuditTopic(String auditTopic) { this.auditTopic = auditTopic; }
        /** retention.ms of the event, job and dead-letter topics the collector creates. */
        public Duration getRetention() { return retention; }
        public void setRetention(Duration retention) { this.retention = retention; }
        /** retention.ms of the audit topic the collector creates. */
        public Duration getAuditRetention() { return auditRetention; }
        public void setAuditRetention(Duration auditRetention) { this.auditRetention = auditRetention; }
    }

    public static class Redis {
        private String url = "";
        private int embeddedPort = 0;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public int getEmbeddedPort() { return embeddedPort; }
        public void setEmbeddedPort(int embeddedPort) { this.embeddedPort = embeddedPort; }
    }

    public static class Jobs {
        private int concurrency = 4;
        private Duration lockTtl = Duration.ofMinutes(2);
        private Duration scheduleInitialDelay = Duration.ofSeconds(10);
        private String consumerGroup = "git-collector";
        private long maxRunMs = 3_600_000;
        private Duration sessionTimeout = Duration.ofSeconds(45);

        public int getConcurrency() { return concurrency; }
        public void setConcurrency(int concurrency) { this.concurrency = concurrency; }
        public Duration getLockTtl() { return lockTtl; }
        public void setLockTtl(Duration lockTtl) { this.lockTtl = lockTtl; }
        public Duration getScheduleInitialDelay() { return scheduleInitialDelay; }
        public void setScheduleInitialDelay(Duration d) { this.scheduleInitialDelay = d; }
        public String getConsumerGroup() { return consumerGroup; }
        public void setConsumerGroup(String consumerGroup) { this.consumerGroup = consumerGroup; }
        public long getMaxRunMs() { return maxRunMs; }
        public void setMaxRunMs(long maxRunMs) { this.maxRunMs = maxRunMs; }
        /** An instance silent for this long (killed) leaves the consumer group; its jobs go to the others. */
        public Duration getSessionTimeout() { return sessionTimeout; }
        public void setSessionTimeout(Duration sessionTimeout) { this.sessionTimeout = sessionTimeout; }
    }

    public static class Http {
        private int maxAttempts = 4;
        private int maxConcurrentPerHost = 10;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Duration maxRetryTime = Duration.ofMinutes(2);
        private String userAgent = "git-collector";
        private int rateLimitReserve = 10;
        private Duration inlineRateLimitWait = Duration.ofSeconds(30);
        private Duration defaultRetryAfter = Duration.ofMinutes(1);
        private DataSize maxResponseSize = DataSize.ofMegabytes(64);
        private final Breaker breaker = new Breaker();

        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        /** Requests in flight to one API host from this instance at most. */
        public int getMaxConcurrentPerHost() { return maxConcurrentPerHost; }
        public void setMaxConcurrentPerHost(int maxConcurrentPerHost) { this.maxConcurrentPerHost = maxConcurrentPerHost; }
        public Duration getInitialBackoff() { return initialBackoff; }
        public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
        public Duration getMaxBackoff() { return maxBackoff; }
        public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
        /** Retries of one call stop once this much time has passed since its first attempt. */
        public Duration getMaxRetryTime() { return maxRetryTime; }
        public void setMaxRetryTime(Duration maxRetryTime) { this.maxRetryTime = maxRetryTime; }
        /** Calls left in a token's quota below which the collector waits for its reset instead of spending them. */
        public int getRateLimitReserve() { return rateLimitReserve; }
        public void setRateLimitReserve(int rateLimitReserve) { this.rateLimitReserve = rateLimitReserve; }
        /** The longest rate-limit wait spent in the job's thread; a longer one stops the run, which goes on by itself. */
        public Duration getInlineRateLimitWait() { return inlineRateLimitWait; }
        public void setInlineRateLimitWait(Duration inlineRateLimitWait) { this.inlineRateLimitWait = inlineRateLimitWait; }
        public Breaker getBreaker() { return breaker; }
        /** How long to wait after a rate-limit answer that names no time. */
        public Duration getDefaultRetryAfter() { return defaultRetryAfter; }
        public void setDefaultRetryAfter(Duration defaultRetryAfter) { this.defaultRetryAfter = defaultRetryAfter; }
        public String getUserAgent() { return userAgent; }
        public void setUserAgent(String userAgent) { this.userAgent = userAgent; }
        /** The largest platform answer read; a larger one fails its resource, unread past this size. */
        public DataSize getMaxResponseSize() { return maxResponseSize; }
        public void setMaxResponseSize(DataSize maxResponseSize) { this.maxResponseSize = maxResponseSize; }
    }

    /** The circuit breaker of each platform API host. */
    public static class Breaker {
        private int window = 20;
        private int minimumCalls = 10;
        private float failureRatePercent = 50;
        private Duration waitInOpen = Duration.ofSeconds(30);
        private int callsInHalfOpen = 3;

        public int getWindow() { return window; }
        public void setWindow(int window) { this.window = window; }
        public int getMinimumCalls() { return minimumCalls; }
        public void setMinimumCalls(int minimumCalls) { this.minimumCalls = minimumCalls; }
        public float getFailureRatePercent() { return failureRatePercent; }
        public void setFailureRatePercent(float failureRatePercent) { this.failureRatePercent = failureRatePercent; }
        public Duration getWaitInOpen() { return waitInOpen; }
        public void setWaitInOpen(Duration waitInOpen) { this.waitInOpen = waitInOpen; }
        public int getCallsInHalfOpen() { return callsInHalfOpen; }
        public void setCallsInHalfOpen(int callsInHalfOpen) { this.callsInHalfOpen = callsInHalfOpen; }
    }

    public static class Sync {
        private Duration watermarkOverlap = Duration.ofMinutes(1);
        private Duration dedupTtl = Duration.ofDays(30);
        private boolean includeRaw = false;
        private Duration pendingHoldMax = Duration.ofDays(1);

        public Duration getWatermarkOverlap() { return watermarkOverlap; }
        public void setWatermarkOverlap(Duration watermarkOverlap) { this.watermarkOverlap = watermarkOverlap; }
        public Duration getDedupTtl() { return dedupTtl; }
        public void setDedupTtl(Duration dedupTtl) { this.dedupTtl = dedupTtl; }
        public Duration getPendingHoldMax() { return pendingHoldMax; }
        public void setPendingHoldMax(Duration pendingHoldMax) { this.pendingHoldMax = pendingHoldMax; }
        public boolean isIncludeRaw() { return includeRaw; }
        public void setIncludeRaw(boolean includeRaw) { this.includeRaw = includeRaw; }
    }

    /** Who may call the API: see io.gitcollector.security. */
    public static class Security {
        private String enabled = "auto";
        private String keys = "";
        private String keysFile = "";

        /** {@code true}, {@code false}, or {@code auto}: on unless no key is configured and Kafka and Redis are embedded. */
        public String getEnabled() { return enabled; }
        public void setEnabled(String enabled) { this.enabled = enabled; }
        /** {@code name:role:key}, comma-separated. */
        public String getKeys() { return keys; }
        public void setKeys(String keys) { this.keys = keys; }
        /** A file of {@code name:role:key} entries, one a line (a Docker or Kubernetes secret). */
        public String getKeysFile() { return keysFile; }
        public void setKeysFile(String keysFile) { this.keysFile = keysFile; }

        private java.util.List<String> allowedHosts = new java.util.ArrayList<>();
        private java.util.List<String> corsAllowedOrigins = new java.util.ArrayList<>();
        private org.springframework.util.unit.DataSize maxRequestBody = org.springframework.util.unit.DataSize.ofKilobytes(64);
        private org.springframework.util.unit.DataSize maxConsoleRequestBody = org.springframework.util.unit.DataSize.ofMegabytes(1);

        /** Host names answered with authentication off (DNS rebinding); empty: the loopback names. */
        public java.util.List<String> getAllowedHosts() { return allowedHosts; }
        public void setAllowedHosts(java.util.List<String> allowedHosts) { this.allowedHosts = allowedHosts; }
        /** Origins whose pages may call the REST API from a browser (CORS); empty: none. */
        public java.util.List<String> getCorsAllowedOrigins() { return corsAllowedOrigins; }
        public void setCorsAllowedOrigins(java.util.List<String> corsAllowedOrigins) { this.corsAllowedOrigins = corsAllowedOrigins; }
        /** The largest request body the REST API reads (a trigger is a few hundred bytes). */
        public org.springframework.util.unit.DataSize getMaxRequestBody() { return maxRequestBody; }
        public void setMaxRequestBody(org.springframework.util.unit.DataSize maxRequestBody) { this.maxRequestBody = maxRequestBody; }
        /** The largest request body under /actuator (Hawtio's bulk Jolokia reads). */
        public org.springframework.util.unit.DataSize getMaxConsoleRequestBody() { return maxConsoleRequestBody; }
        public void setMaxConsoleRequestBody(org.springframework.util.unit.DataSize maxConsoleRequestBody) { this.maxConsoleRequestBody = maxConsoleRequestBody; }

        @Override
        public String toString() {
            return "Security[enabled=" + enabled + ", keysFile=" + keysFile + "]"; // never the keys
        }
    }

    /** What events may say about people. */
    public static class Privacy {
        private String emailPolicy = "keep";
        private String emailHashSalt = "";

        /** {@code keep}, {@code hash} (salted SHA-256) or {@code drop}. */
        public String getEmailPolicy() { return emailPolicy; }
        public void setEmailPolicy(String emailPolicy) { this.emailPolicy = emailPolicy; }
        public String getEmailHashSalt() { return emailHashSalt; }
        public void setEmailHashSalt(String emailHashSalt) { this.emailHashSalt = emailHashSalt; }

        @Override
        public String toString() {
            return "Privacy[emailPolicy=" + emailPolicy + "]"; // never the salt
        }
    }

    /** One Git platform: where its API is, which web hosts name its repositories, how to authenticate. */
    public static class Platform {
        private String apiUrl;
        private List<String> webHosts = new ArrayList<>();
        private String repositoryPathPattern = "[^/]+/[^/]+";
        private String organizationPathPattern = "";
        private String token = "";
        private String tokenFile = "";
        private String authHeader = "Authorization";
        private String authPrefix = "Bearer ";
        private boolean basicAuthForUserPassword = false;
        private Map<String, String> headers = new LinkedHashMap<>();
        private Map<String, String> options = new java.util.concurrent.ConcurrentHashMap<>();
        private int pageSize = 100;
        private String rateLimitRemainingHeader = "X-RateLimit-Remaining";
        private String rateLimitResetHeader = "X-RateLimit-Reset";
        private Webhook webhook = new Webhook();
        private App app = new App();
        private String bodyPrefix = "";

        public String getApiUrl() { return apiUrl; }
        public void setApiUrl(String apiUrl) { this.apiUrl = apiUrl; }
        public List<String> getWebHosts() { return webHosts; }
        public void setWebHosts(List<String> webHosts) { this.webHosts = webHosts; }
        public String getRepositoryPathPattern() { return repositoryPathPattern; }
        public void setRepositoryPathPattern(String p) { this.repositoryPathPattern = p; }
        /** The path of an organization, group or workspace whose repositories are discovered; empty: none are. */
        public String getOrganizationPathPattern() { return organizationPathPattern; }
        public void setOrganizationPathPattern(String p) { this.organizationPathPattern = p; }
        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
        public String getTokenFile() { return tokenFile; }
        public void setTokenFile(String tokenFile) { this.tokenFile = tokenFile; }
        public String getAuthHeader() { return authHeader; }
        public void setAuthHeader(String authHeader) { this.authHeader = authHeader; }
        public String getAuthPrefix() { return authPrefix; }
        public void setAuthPrefix(String authPrefix) { this.authPrefix = authPrefix; }
        /** A token written {@code user:app_password} is sent as HTTP Basic (Bitbucket app passwords). */
        public boolean isBasicAuthForUserPassword() { return basicAuthForUserPassword; }
        public void setBasicAuthForUserPassword(boolean b) { this.basicAuthForUserPassword = b; }
        public Map<String, String> getHeaders() { return headers; }
        /** Settings of the platform's source, read by its YAML as ${exchangeProperty.collectorOptions[name]}. */
        public Map<String, String> getOptions() { return options; }
        public void setOptions(Map<String, String> options) { this.options = new java.util.concurrent.ConcurrentHashMap<>(options); }
        public void setHeaders(Map<String, String> headers) { this.headers = headers; }
        /** What the platform puts before each JSON body, skipped (Gerrit: {@code )]}'}); empty for none. */
        public String getBodyPrefix() { return bodyPrefix; }
        public void setBodyPrefix(String bodyPrefix) { this.bodyPrefix = bodyPrefix; }
        /** How the platform signs and names its webhook deliveries; off while no secret is set. */
        public Webhook getWebhook() { return webhook; }
        public void setWebhook(Webhook webhook) { this.webhook = webhook; }
        /** A GitHub App whose installation tokens join the pool beside the tokens; off while no id is set. */
        public App getApp() { return app; }
        public void setApp(App app) { this.app = app; }
        public int getPageSize() { return pageSize; }
        public void setPageSize(int pageSize) { this.pageSize = pageSize; }
        public String getRateLimitRemainingHeader() { return rateLimitRemainingHeader; }
        public void setRateLimitRemainingHeader(String h) { this.rateLimitRemainingHeader = h; }
        public String getRateLimitResetHeader() { return rateLimitResetHeader; }
        public void setRateLimitResetHeader(String h) { this.rateLimitResetHeader = h; }

        @Override
        public String toString() {
            // Never print the token.
            return "Platform[apiUrl=" + apiUrl + ", webHosts=" + webHosts + "]";
        }
    }

    /**
     * A GitHub App: its id (or client id) and private key (PEM, PKCS#1 or PKCS#8, or a file holding it) sign the
     * JWTs that ask GitHub for installation tokens; {@code installation-id} names the one installation to use,
     * else each repository owner's is looked up. A token is replaced {@code refresh-before} its expiry.
     */
    public static class App {
        private String id = "";
        private String privateKey = "";
        private String privateKeyFile = "";
        private String installationId = "";
        private Duration refreshBefore = Duration.ofMinutes(5);

        public String getId() { return id; }
        public void setId(String id) { this.id = id; }
        public String getPrivateKey() { return privateKey; }
        public void setPrivateKey(String privateKey) { this.privateKey = privateKey; }
        public String getPrivateKeyFile() { return privateKeyFile; }
        public void setPrivateKeyFile(String privateKeyFile) { this.privateKeyFile = privateKeyFile; }
        public String getInstallationId() { return installationId; }
        public void setInstallationId(String installationId) { this.installationId = installationId; }
        public Duration getRefreshBefore() { return refreshBefore; }
        public void setRefreshBefore(Duration refreshBefore) { this.refreshBefore = refreshBefore; }

        /** Whether the app is to be used: an id and a key are set. */
        public boolean isConfigured() {
            return id != null && !id.isBlank() && privateKey != null && !privateKey.isBlank();
        }

        @Override
        public String toString() {
            return "App[id=" + id + ", installationId=" + installationId + "]"; // never the key
        }
    }

    /** A repository collected incrementally on a timer. */
    public static class ScheduledRepository {
        private String url;
        private Duration interval = Duration.ofHours(1);
        /** Full syncs' cron (UTC); "-" or empty: none. Off-peak by default. */
        private String fullSyncCron = "0 0 3 * * *";

        public String getFullSyncCron() { return fullSyncCron; }
        public void setFullSyncCron(String fullSyncCron) { this.fullSyncCron = fullSyncCron; }
        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
    }

    /** Webhook deliveries of all platforms: how large, where they wait for processing, how long a delivery id is remembered. */
    public static class Webhooks {
        private org.springframework.util.unit.DataSize maxBody = org.springframework.util.unit.DataSize.ofMegabytes(1);
        private String topic = "git.webhooks";
        private Duration deliveryMemory = Duration.ofDays(3);
        private Duration followUpDelay = Duration.ofSeconds(5);
        private int consumers = 1;

        public org.springframework.util.unit.DataSize getMaxBody() { return maxBody; }
        public void setMaxBody(org.springframework.util.unit.DataSize maxBody) { this.maxBody = maxBody; }
        public String getTopic() { return topic; }
        public void setTopic(String topic) { this.topic = topic; }
        public Duration getDeliveryMemory() { return deliveryMemory; }
        public void setDeliveryMemory(Duration deliveryMemory) { this.deliveryMemory = deliveryMemory; }
        /** How long a follow-up sync waits when the repository is being collected (the running sync may have passed the change). */
        public Duration getFollowUpDelay() { return followUpDelay; }
        public void setFollowUpDelay(Duration followUpDelay) { this.followUpDelay = followUpDelay; }
        /** Threads processing accepted deliveries; 0: this instance only takes deliveries, others process them. */
        public int getConsumers() { return consumers; }
        public void setConsumers(int consumers) { this.consumers = consumers; }
    }

    /**
     * One platform's webhooks: the secret (or a file holding it), and the platform's protocol: an HMAC-SHA256 of
     * the raw body in {@code signature-header} after {@code signature-prefix}, or the secret itself in
     * {@code token-header}; the headers naming the event and the delivery; the events collected; where the
     * payload names the repository's web URL.
     */
    public static class Webhook {
        private String secret = "";
        private String secretFile = "";
        private String signatureHeader = "";
        private String signaturePrefix = "sha256=";
        private String tokenHeader = "";
        private String eventHeader = "";
        private String deliveryHeader = "";
        private List<String> events = new ArrayList<>();
        private String repositoryUrl = "";

        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
        public String getSecretFile() { return secretFile; }
        public void setSecretFile(String secretFile) { this.secretFile = secretFile; }
        public String getSignatureHeader() { return signatureHeader; }
        public void setSignatureHeader(String h) { this.signatureHeader = h; }
        public String getSignaturePrefix() { return signaturePrefix; }
        public void setSignaturePrefix(String p) { this.signaturePrefix = p; }
        public String getTokenHeader() { return tokenHeader; }
        public void setTokenHeader(String h) { this.tokenHeader = h; }
        public String getEventHeader() { return eventHeader; }
        public void setEventHeader(String h) { this.eventHeader = h; }
        public String getDeliveryHeader() { return deliveryHeader; }
        public void setDeliveryHeader(String h) { this.deliveryHeader = h; }
        public List<String> getEvents() { return events; }
        public void setEvents(List<String> events) { this.events = events; }
        public String getRepositoryUrl() { return repositoryUrl; }
        public void setRepositoryUrl(String pointer) { this.repositoryUrl = pointer; }
    }
}
