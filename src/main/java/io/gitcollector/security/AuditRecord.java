package io.gitcollector.security;

/**
 * One audited request: who ({@code caller} is null when no valid key was given), what, on which
 * repository, and how it ended. Never holds a key or token.
 */
public record AuditRecord(Caller caller, String action, String method, String path, String repositoryId,
                          String repositoryUrl, String outcome, int status, String reason, String remoteAddress) {

    public static final String TRIGGER = "collection.trigger";
    public static final String REPLAY = "dead_letters.replay";
    public static final String DENIED = "access.denied";
}
