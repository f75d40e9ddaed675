package org.intranet.connector.mapping;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading values from Salesforce REST and streaming JSON. */
public final class SalesforceValues {

    /**
     * Salesforce datetimes: {@code 2025-12-16T13:05:30.000+0000} from REST,
     * {@code 2019-05-02T11:27:36Z} from change events and SOQL literals.
     */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendPattern("[XXX][XX][X]")
            .toFormatter(Locale.ROOT);

    /** SOQL datetime literal with milliseconds in UTC, as in {@code 2025-12-16T13:05:30.000Z}. */
    private static final DateTimeFormatter SOQL_LITERAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    private SalesforceValues() {
    }

    public static Instant parseDateTime(String text) {
        try {
            return OffsetDateTime.parse(text, DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid Salesforce datetime '" + text + "'", e);
        }
    }

    public static String soqlDateTime(Instant instant) {
        return SOQL_LITERAL.format(instant);
    }

    /**
     * Returns the value at a field path such as {@code Title} or {@code Manager.Name}, as
     * text, or null when a field on the way is missing or null.
     */
    public static String text(JsonNode record, String path) {
        JsonNode node = record;
        for (String part : path.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isContainerNode()) {
            return node.toString();
        }
        return node.asText();
    }

    /**
     * Escapes control characters as {@code \\uXXXX}, for free text built from Salesforce data
     * (reasons, errors). PostgreSQL rejects NUL in text, and line breaks would forge log lines.
     */
    public static String printable(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
