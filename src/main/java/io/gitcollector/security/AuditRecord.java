package io.gitcollector.security;

/**
 * One audited request: who ({@code caller} is null when no valid key was given), what, on which
 * repository or console target, and how it ended. Never holds a key or token.
 */
public record AuditRecord(Caller caller, String action, String method, String path, String repositoryId,
                          String repositoryUrl, String outcome, int status, String reason, String remoteAddress,
                          String target) {

    public static final String TRIGGER = "collection.trigger";
    public static final String REPLAY = "dead_letters.replay";
    public static final String REPOSITORY_REGISTER = "repository.register";
    public static final String REPOSITORY_REMOVE = "repository.remove";
    public static final String ORGANIZATION_REGISTER = "organization.register";
    public static final String ORGANIZATION_REMOVE = "organization.remove";
    public static final String DENIED = "access.denied";
    /** An operation run or an attribute written through Jolokia (Hawtio's actions go this way). */
    public static final String CONSOLE_EXEC = "console.exec";
    public static final String CONSOLE_WRITE = "console.write";
    /** Any other write under /actuator. */
    public static final String ACTUATOR_WRITE = "actuator.write";

    /** A request about a repository, or a refused one: no console target. */
    public AuditRecord(Caller caller, String action, String method, String path, String repositoryId,
                       String repositoryUrl, String outcome, int status, String reason, String remoteAddress) {
        this(caller, action, method, path, repositoryId, repositoryUrl, outcome, status, reason, remoteAddress, null);
    }
}
