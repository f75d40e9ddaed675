package org.intranet.connector.simulator;

/**
 * Salesforce record ids: the 15-character case-sensitive form and the 18-character form with its
 * case-insensitive checksum suffix. Written apart from the connector's own id code on purpose:
 * the simulator checks the connector, so it shares none of its logic.
 */
final class SalesforceIds {

    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private SalesforceIds() {
    }

    /**
     * Computes the 3-character suffix of a 15-character id. Each suffix character encodes, as a 5-bit
     * number, which of the 5 characters in one block of the id are upper-case letters (bit 0 is the
     * first character of the block).
     */
    static String checksum(String id15) {
        if (id15 == null || id15.length() != 15) {
            throw new IllegalArgumentException("A 15-character Salesforce id is required, got: " + id15);
        }
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

    /** Converts a 15-character id to the 18-character form. An 18-character id is returned unchanged. */
    static String to18(String id) {
        if (id.length() == 18) {
            return id;
        }
        return id + checksum(id);
    }

    /** Returns true when {@code id} has 18 characters and its suffix matches its first 15 characters. */
    static boolean isValid18(String id) {
        if (id == null || id.length() != 18) {
            return false;
        }
        for (int i = 0; i < 15; i++) {
            if (BASE62.indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return checksum(id.substring(0, 15)).equals(id.substring(15));
    }

    /**
     * Builds an 18-character id from a key prefix (e.g. "005"), a 2-character pod code and a
     * sequence number encoded in base 62 over the remaining 10 characters.
     */
    static String build(String keyPrefix, String pod, long sequence) {
        if (keyPrefix.length() != 3 || pod.length() != 2) {
            throw new IllegalArgumentException("Key prefix must have 3 and pod 2 characters: " + keyPrefix + ", " + pod);
        }
        char[] digits = new char[10];
        long value = sequence;
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (value % 62));
            value /= 62;
        }
        if (value != 0) {
            throw new IllegalArgumentException("Sequence number too large for an id: " + sequence);
        }
        return to18(keyPrefix + pod + new String(digits));
    }
}
