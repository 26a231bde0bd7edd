package io.gitcollector.collect;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinceFilterTest {

    private static final Instant SINCE = Instant.parse("2024-05-01T10:00:07Z");

    @Test
    void theStartIsWrittenAsIsWithAnOffsetOrInADatePatternInUtc() {
        assertThat(SinceFilter.write("{since}", SINCE)).isEqualTo("2024-05-01T10:00:07Z");
        assertThat(SinceFilter.write("updated_on > {since_offset}", SINCE)).isEqualTo("updated_on > 2024-05-01T10:00:07+00:00");
        assertThat(SinceFilter.write("project:{path} after:\"{since:yyyy-MM-dd HH:mm:ss Z}\"", SINCE))
                .isEqualTo("project:{path} after:\"2024-05-01 10:00:07 +0000\"");
    }

    @Test
    void aFormatWithoutAPlaceholderOrWithABadPatternIsRefusedNamingTheResource() {
        assertThatThrownBy(() -> SinceFilter.check("changes", "after:2024"))
                .hasMessage("collect:changes: sinceFormat must contain {since}, {since_offset} or {since:<date pattern>}, got 'after:2024'");
        assertThatThrownBy(() -> SinceFilter.check("changes", "after:{since:yyyy-MM-dd bb}"))
                .hasMessageStartingWith("collect:changes: sinceFormat has a date pattern that is not valid, 'yyyy-MM-dd bb'");
    }
}
