package io.gitcollector.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A job on {@code git.collect.jobs}: which repository to collect, and how. */
public record CollectionJob(
        @JsonProperty("repository_id") String repositoryId,
        @JsonProperty("repository_url") String repositoryUrl,
        @JsonProperty("platform") String platform,
        @JsonProperty("path") String path,
        @JsonProperty("sync_mode") String syncMode,
        @JsonProperty("requested_at") String requestedAt,
        @JsonProperty("requested_by") String requestedBy,
        @JsonProperty("resume") boolean resume,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        @JsonProperty("backfill") Backfill backfill) {

    public CollectionJob(String repositoryId, String repositoryUrl, String platform, String path, String syncMode,
                         String requestedAt, String requestedBy) {
        this(repositoryId, repositoryUrl, platform, path, syncMode, requestedAt, requestedBy, false, null);
    }

    public static final String FULL = "full";
    public static final String INCREMENTAL = "incremental";

    public static CollectionJob of(RepositoryIdentity repository, String syncMode, String requestedAt, String requestedBy) {
        return new CollectionJob(repository.id(), repository.url(), repository.platform(), repository.path(),
                syncMode, requestedAt, requestedBy);
    }

    public RepositoryIdentity repository() {
        return new RepositoryIdentity(platform, repositoryUrl, path, repositoryId);
    }

    public CollectionJob withSyncMode(String mode) {
        return new CollectionJob(repositoryId, repositoryUrl, platform, path, mode, requestedAt, requestedBy, resume, backfill);
    }

    /** The same job, reading again what {@code window} names (an incremental run, whatever its watermarks). */
    public CollectionJob withBackfill(Backfill window) {
        return new CollectionJob(repositoryId, repositoryUrl, platform, path, syncMode, requestedAt, requestedBy, resume, window);
    }


    /** The same job, to go on from where a run stopped to wait for a rate limit. */
    public CollectionJob resuming() {
        return new CollectionJob(repositoryId, repositoryUrl, platform, path, syncMode, requestedAt, requestedBy, true, backfill);
    }
}
