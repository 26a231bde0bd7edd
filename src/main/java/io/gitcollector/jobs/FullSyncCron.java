package io.gitcollector.jobs;

import org.springframework.scheduling.support.CronExpression;

/** Reads a schedule entry's full-sync-cron: Spring's six-field cron syntax, or "-" or empty for no full syncs. */
public final class FullSyncCron {

    /** Off-peak: full syncs re-read everything, and at 03:00 UTC they compete least with people's work. */
    public static final String DEFAULT = "0 0 3 * * *";

    private FullSyncCron() {
    }

    /**
     * @return the expression, or null when full syncs are off
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public static CronExpression parse(String value) {
        if (value == null || value.isBlank() || value.trim().equals("-")) {
            return null;
        }
        try {
            return CronExpression.parse(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("full-sync-cron '" + value + "' is not a cron expression (six fields: "
                    + "second minute hour day-of-month month day-of-week, e.g. '" + DEFAULT + "'; '-' for none): "
                    + e.getMessage(), e);
        }
    }
}
