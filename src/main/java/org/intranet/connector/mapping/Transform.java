package org.intranet.connector.mapping;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One step that turns Salesforce values into an intranet value. {@code join} combines
 * several source fields; every other transform works on one value.
 */
public sealed interface Transform {

    /** Names accepted in a mapping file's {@code transform} key. */
    List<String> NAMES = List.of("trim", "lowercase", "phone", "date", "join");

    String apply(String value) throws TransformException;

    /** Removes leading and trailing whitespace, Unicode spaces included. */
    record Trim() implements Transform {
        @Override
        public String apply(String value) {
            return value.strip();
        }
    }

    /** Lower-cases with the root locale, so the result does not depend on the server's language. */
    record Lowercase() implements Transform {
        @Override
        public String apply(String value) {
            return value.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Normalises a phone number to an optional leading {@code +} and digits, keeping an
     * extension as {@code " x123"}. Spaces, dots, dashes, slashes and brackets are dropped.
     */
    record Phone() implements Transform {
        private static final Pattern EXTENSION = Pattern.compile("(?i)\\s*(?:ext\\.?|extension|x|#)\\s*(\\d{1,6})\\s*$");
        private static final Pattern SEPARATORS = Pattern.compile("[\\s.\\-/()\\u00A0]");

        @Override
        public String apply(String value) throws TransformException {
            String number = value.strip();
            String extension = "";
            Matcher matcher = EXTENSION.matcher(number);
            if (matcher.find()) {
                extension = " x" + matcher.group(1);
                number = number.substring(0, matcher.start());
            }
            number = SEPARATORS.matcher(number).replaceAll("");
            String digits = number.startsWith("+") ? number.substring(1) : number;
            if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new TransformException("'" + value + "' is not a phone number: only digits, spaces, "
                        + "+ ( ) . - / and an extension are allowed");
            }
            if (digits.length() < 3 || digits.length() > 20) {
                throw new TransformException("'" + value + "' is not a phone number: it has " + digits.length()
                        + " digits, expected 3 to 20");
            }
            return number + extension;
        }
    }

    /**
     * Reformats a Salesforce date ({@code 2025-12-16}) or datetime
     * ({@code 2025-12-16T13:05:30.000+0000}) with a {@link DateTimeFormatter} pattern. A
     * datetime keeps its UTC calendar date.
     */
    record DateFormat(String pattern, DateTimeFormatter formatter) implements Transform {
        public DateFormat(String pattern) {
            this(pattern, DateTimeFormatter.ofPattern(pattern, Locale.ROOT));
        }

        @Override
        public String apply(String value) throws TransformException {
            String text = value.strip();
            LocalDate date;
            try {
                date = text.length() == 10 ? LocalDate.parse(text)
                        : SalesforceValues.parseDateTime(text).atZone(java.time.ZoneOffset.UTC).toLocalDate();
            } catch (RuntimeException e) {
                throw new TransformException("'" + value + "' is not a Salesforce date or datetime");
            }
            return formatter.format(date);
        }
    }

    /** Joins several source values, skipping empty ones. Applied by the mapper before other transforms. */
    record Join(String separator) implements Transform {
        public Join {
            Objects.requireNonNull(separator, "separator");
        }

        @Override
        public String apply(String value) {
            return value;
        }

        public String join(List<String> values) {
            return String.join(separator, values.stream().filter(v -> v != null && !v.isBlank()).toList());
        }
    }
}
