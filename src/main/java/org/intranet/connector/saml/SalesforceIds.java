package org.intranet.connector.saml;

import java.util.Optional;
import java.util.regex.Pattern;

/** Salesforce record ids: the 15-character case-sensitive form and the 18-character case-safe form. */
public final class SalesforceIds {

    private static final Pattern ID = Pattern.compile("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}");
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

    private SalesforceIds() {
    }

    /**
     * Returns the 18-character form of a 15- or 18-character id, or empty when the text is not an id. The suffix
     * encodes, for each block of five characters, which of them are upper case.
     */
    public static Optional<String> toCaseSafe(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        String base = id.substring(0, 15);
        StringBuilder suffix = new StringBuilder(3);
        for (int block = 0; block < 3; block++) {
            int bits = 0;
            for (int position = 0; position < 5; position++) {
                char c = base.charAt(block * 5 + position);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << position;
                }
            }
            suffix.append(SUFFIX_ALPHABET.charAt(bits));
        }
        String caseSafe = base + suffix;
        if (id.length() == 18 && !id.equalsIgnoreCase(caseSafe)) {
            return Optional.empty();
        }
        return Optional.of(caseSafe);
    }
}
