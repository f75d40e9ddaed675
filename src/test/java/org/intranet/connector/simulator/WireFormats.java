package org.intranet.connector.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Date and datetime text as the Salesforce REST API writes it, for example 2025-12-16T13:05:30.000+0000. */
final class WireFormats {

    static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);

    private WireFormats() {
    }

    static String formatDateTime(Instant instant) {
        return DATETIME.format(instant);
    }

    static Instant parseDateTime(String text) {
        return DATETIME.parse(text, Instant::from);
    }

    static String formatDate(LocalDate date) {
        return date.toString();
    }

    /** Truncates to whole seconds, because Salesforce stores audit timestamps with second precision. */
    static Instant toStoredPrecision(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
