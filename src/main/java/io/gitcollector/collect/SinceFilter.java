package io.gitcollector.collect;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an incremental run's start into a resource's {@code sinceFormat}: {@code {since}} as
 * {@code 2024-05-01T10:00:00Z}, {@code {since_offset}} as {@code 2024-05-01T10:00:00+00:00} (Bitbucket's BBQL refuses
 * the Z), {@code {since:<pattern>}} in any {@link DateTimeFormatter} pattern, in UTC (Gerrit's
 * {@code after:"{since:yyyy-MM-dd HH:mm:ss Z}"}).
 */
final class SinceFilter {

    private static final Pattern PATTERNED = Pattern.compile("\\{since:([^}]+)}");

    private SinceFilter() { }

    /** Refuses a format with no since placeholder, or with a pattern the formatter does not know, naming the resource. */
    static void check(String resource, String format) {
        if (!format.contains("{since}") && !format.contains("{since_offset}") && !PATTERNED.matcher(format).find()) {
            throw new IllegalArgumentException("collect:" + resource + ": sinceFormat must contain {since}, {since_offset} "
                    + "or {since:<date pattern>}, got '" + format + "'");
        }
        Matcher m = PATTERNED.matcher(format);
        while (m.find()) {
            try {
                DateTimeFormatter.ofPattern(m.group(1), Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("collect:" + resource + ": sinceFormat has a date pattern that is not valid, '"
                        + m.group(1) + "': " + e.getMessage());
            }
        }
    }

    static String write(String format, Instant since) {
        var utc = since.atOffset(ZoneOffset.UTC);
        Matcher m = PATTERNED.matcher(format);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(DateTimeFormatter.ofPattern(m.group(1), Locale.ROOT).format(utc)));
        }
        m.appendTail(out);
        String offset = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(utc).replace("Z", "+00:00");
        return out.toString().replace("{since_offset}", offset).replace("{since}", since.toString());
    }
}
