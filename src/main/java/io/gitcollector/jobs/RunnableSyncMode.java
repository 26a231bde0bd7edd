package io.gitcollector.jobs;

import io.gitcollector.model.Backfill;
import io.gitcollector.model.CollectionJob;
import io.gitcollector.state.CollectionStatusStore;
import org.springframework.stereotype.Component;

/**
 * The sync mode a job actually runs in, decided once where it is queued so that the trigger's answer, the status,
 * the log and the events all name it: an incremental run of a repository never synced has no watermark to start
 * from, so it runs in full. A backfill reads its own window and stays incremental.
 */
@Component
public class RunnableSyncMode {

    private final CollectionStatusStore statuses;

    public RunnableSyncMode(CollectionStatusStore statuses) {
        this.statuses = statuses;
    }

    public String of(String requested, Backfill backfill, String repositoryId) {
        if (CollectionJob.INCREMENTAL.equals(requested) && backfill == null
                && statuses.find(repositoryId).map(status -> status.get("last_sync")).isEmpty()) {
            return CollectionJob.FULL;
        }
        return requested;
    }
}
