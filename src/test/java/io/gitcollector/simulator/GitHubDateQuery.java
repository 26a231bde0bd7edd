package io.gitcollector.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.Predicate;

/**
 * GitHub's search syntax for dates, which {@code GET /repos/{o}/{r}/actions/runs?created=} takes
 * (docs.github.com/search-github/getting-started-with-searching-on-github/understanding-the-search-syntax#query-for-dates):
 * {@code D}, {@code >D}, {@code >=D}, {@code <D}, {@code <=D}, {@code D..D}, {@code D..*}, {@code *..D}, where D is
 * {@code YYYY-MM-DD} (a whole UTC day) or a date-time with an offset or Z ({@code 2017-01-01T01:00:00+07:00}).
 */
final class GitHubDateQuery {

    private GitHubDateQuery() {
    }

    /** @throws java.time.DateTimeException for a value outside the syntax (the simulator answers 500, saying so) */
    static Predicate<Instant> parse(String query) {
        // An unencoded '+' of an offset arrives as a space once the query string is decoded.
        String q = query.trim().replace(' ', '+');
        if (q.startsWith(">=")) {
            Instant from = start(q.substring(2));
            return t -> !t.isBefore(from);
        }
        if (q.startsWith("<=")) {
            Instant to = end(q.substring(2));
            return t -> t.isBefore(to);
        }
        if (q.startsWith(">")) {
            Instant after = end(q.substring(1));
            return t -> !t.isBefore(after);
        }
        if (q.startsWith("<")) {
            Instant before = start(q.substring(1));
            return t -> t.isBefore(before);
        }
        int range = q.indexOf("..");
        String low = range < 0 ? q : q.substring(0, range);
        String high = range < 0 ? q : q.substring(range + 2);
        Instant from = low.equals("*") ? Instant.MIN : start(low);
        Instant to = high.equals("*") ? Instant.MAX : end(high);
        return t -> !t.isBefore(from) && t.isBefore(to);
    }

    /** The first instant a date or date-time covers. */
    private static Instant start(String value) {
        if (value.length() == 10) {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(value).toInstant();
    }

    /** The first instant after what a date (the whole day) or a date-time (its second) covers. */
    private static Instant end(String value) {
        if (value.length() == 10) {
            return LocalDate.parse(value).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(value).toInstant().plusSeconds(1);
    }
}
