package io.gitcollector.collect;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How each resource's state ends when its parent ends, and when the run fails with resources still running. */
class JobProgressEndStatesTest {

    @Test
    void childrenOfAFinishedParentAreDoneAndChildrenOfAFailedOneInterrupted() {
        JobProgress progress = new JobProgress();
        progress.collecting("pull_requests");
        progress.childCollected("approvals");
        progress.childCollected("notes");
        progress.resource("approvals").markFailed("HTTP 500");
        progress.resource("pull_requests").markFailed("HTTP 500");
        progress.topLevelEnded("pull_requests", true);
        progress.collecting("issues");
        progress.childCollected("issue_notes");
        progress.resource("issues").markDone();
        progress.topLevelEnded("issues", false);

        assertThat(progress.resource("approvals").state()).isEqualTo("failed");
        assertThat(progress.resource("notes").state()).isEqualTo("interrupted");
        assertThat(progress.resource("issue_notes").state()).isEqualTo("done");
    }

    @Test
    void aFailedRunInterruptsWhatStillRunsAndKeepsEveryOtherState() {
        JobProgress progress = new JobProgress();
        progress.resource("repository").markDone();
        progress.resource("commits").markFailed("lost the lock");
        progress.resource("teams").markSkipped();
        progress.resource("reviews"); // running when the run stopped

        progress.markUnfinishedInterrupted();

        assertThat(progress.resource("repository").state()).isEqualTo("done");
        assertThat(progress.resource("commits").state()).isEqualTo("failed");
        assertThat(progress.resource("teams").state()).isEqualTo("skipped");
        assertThat(progress.resource("reviews").state()).isEqualTo("interrupted");
    }
}
