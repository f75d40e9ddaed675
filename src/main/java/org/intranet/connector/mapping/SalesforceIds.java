package org.intranet.connector.mapping;

import java.util.regex.Pattern;

/**
 * Salesforce record ids. An 18-character id is the 15-character case-sensitive id plus a
 * three-character suffix that encodes which of its letters are upper case, so it survives
 * case-insensitive comparison.
 */
public final class SalesforceIds {

    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final Pattern ID_15 = Pattern.compile("[A-Za-z0-9]{15}");
    private static final Pattern ID_18 = Pattern.compile("[A-Za-z0-9]{18}");

    private SalesforceIds() {
    }

    /**
     * Returns the 18-character form of a 15- or 18-character id, or null when it is neither.
     * An 18-character id whose suffix does not match its first 15 characters is kept as it
     * is: Salesforce never sends one, and rejecting it would drop a user for a checksum that
     * nothing else depends on.
     */
    public static String to18(String id) {
        if (id == null) {
            return null;
        }
        if (ID_18.matcher(id).matches()) {
            return isValid18(id) ? id.substring(0, 15) + suffix(id.substring(0, 15)) : id;
        }
        if (ID_15.matcher(id).matches()) {
            return id + suffix(id);
        }
        return null;
    }

    /**
     * Returns whether the id has 18 characters and its suffix matches its first 15. The suffix
     * is compared ignoring case, because it exists to survive case-insensitive handling.
     */
    public static boolean isValid18(String id) {
        return id != null && ID_18.matcher(id).matches()
                && suffix(id.substring(0, 15)).equalsIgnoreCase(id.substring(15));
    }

    static String suffix(String id15) {
        StringBuilder suffix = new StringBuilder(3);
        for (int block = 0; block < 3; block++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(block * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            suffix.append(SUFFIX_ALPHABET.charAt(bits));
        }
        return suffix.toString();
    }
}
