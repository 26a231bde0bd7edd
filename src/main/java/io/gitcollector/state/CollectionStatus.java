package io.gitcollector.state;

/** The status values of a repository's collection; part of the REST API. */
public enum CollectionStatus {
    IDLE, QUEUED, RUNNING, WAITING, COMPLETED, FAILED;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
