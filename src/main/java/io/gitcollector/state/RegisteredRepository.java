package io.gitcollector.state;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A repository schedule registered over the API, as kept in Redis: the interval as ISO-8601 and the cron as
 * given (null: no full syncs), and the organization whose discovery registered it (null: registered on its own).
 * Checked before it is stored; read back by the scheduler on every tick.
 */
public record RegisteredRepository(
        @JsonProperty("repository_id") String repositoryId,
        @JsonProperty("repository_url") String repositoryUrl,
        @JsonProperty("platform") String platform,
        @JsonProperty("interval") String interval,
        @JsonProperty("full_sync_cron") String fullSyncCron,
        @JsonProperty("registered_at") String registeredAt,
        @JsonProperty("organization_id") String organizationId) {

    /** A repository registered on its own, not found by an organization's discovery. */
    public RegisteredRepository(String repositoryId, String repositoryUrl, String platform, String interval,
                                String fullSyncCron, String registeredAt) {
        this(repositoryId, repositoryUrl, platform, interval, fullSyncCron, registeredAt, null);
    }

    /** The same schedule: what a repeated registration must match to be answered 200. */
    public boolean sameScheduleAs(RegisteredRepository other) {
        return java.util.Objects.equals(interval, other.interval) && java.util.Objects.equals(fullSyncCron, other.fullSyncCron);
    }
}
