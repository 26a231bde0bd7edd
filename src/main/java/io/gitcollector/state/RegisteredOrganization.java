package io.gitcollector.state;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An organization, group or workspace registered over the API, as kept in Redis: its repositories are discovered
 * every {@code discovery_interval} (ISO-8601) and each is scheduled with the organization's interval and cron.
 */
public record RegisteredOrganization(
        @JsonProperty("organization_id") String organizationId,
        @JsonProperty("organization_url") String organizationUrl,
        @JsonProperty("platform") String platform,
        @JsonProperty("interval") String interval,
        @JsonProperty("full_sync_cron") String fullSyncCron,
        @JsonProperty("discovery_interval") String discoveryInterval,
        @JsonProperty("registered_at") String registeredAt) {

    /** The same schedule: what a repeated registration must match to be answered 200. */
    public boolean sameScheduleAs(RegisteredOrganization other) {
        return java.util.Objects.equals(interval, other.interval) && java.util.Objects.equals(fullSyncCron, other.fullSyncCron)
                && java.util.Objects.equals(discoveryInterval, other.discoveryInterval);
    }
}
