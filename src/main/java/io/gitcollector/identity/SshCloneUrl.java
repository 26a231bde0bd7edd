package io.gitcollector.identity;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clone URLs a platform shows beside its web URL, {@code git@github.com:owner/repo.git} and
 * {@code ssh://git@gitlab.com/group/project.git}, read as the web URL they stand for ({@code https://HOST/PATH}):
 * users paste what the clone button gave them. The SSH user is no credential (keys are); a password is never read.
 */
final class SshCloneUrl {

    private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._-]+@([A-Za-z0-9.-]+):(?!/)(\\S+)$");
    private static final Pattern SSH = Pattern.compile("^ssh://(?:[A-Za-z0-9._-]+@)?([A-Za-z0-9.-]+)(?::[0-9]{1,5})?/(\\S+)$",
            Pattern.CASE_INSENSITIVE);

    private SshCloneUrl() {
    }

    /** The web URL a clone URL over SSH names, or empty for any other text. */
    static Optional<String> asWebUrl(String url) {
        for (Pattern pattern : new Pattern[] {SSH, SCP_LIKE}) {
            Matcher m = pattern.matcher(url);
            if (m.matches()) {
                return Optional.of("https://" + m.group(1) + "/" + m.group(2));
            }
        }
        return Optional.empty();
    }
}
