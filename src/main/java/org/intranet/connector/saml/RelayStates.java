package org.intranet.connector.saml;

/**
 * Decides where the browser goes after login. RelayState is attacker-controlled in IdP-initiated logins, so only a
 * path on this site is honoured: it starts with a single "/", and has no backslash, no control or whitespace
 * characters and no scheme. Anything else lands on "/".
 */
public final class RelayStates {

    /** Longest RelayState honoured, in characters. */
    public static final int MAX_LENGTH = 1024;

    private RelayStates() {
    }

    /** Returns the target when it is a safe local path, otherwise "/". */
    public static String safeTarget(String relayState) {
        return isSafeLocalPath(relayState) ? relayState : "/";
    }

    /** True when the value is a relative path on this site. */
    public static boolean isSafeLocalPath(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        if (value.charAt(0) != '/' || value.startsWith("//")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c <= 0x20 || c == 0x7f || Character.isISOControl(c) || Character.isWhitespace(c)) {
                return false;
            }
        }
        // The leading "/" already rules out a scheme. Percent-encoded slashes, backslashes and line breaks are
        // rejected too, in case a proxy in front of the connector decodes them.
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        return !lower.startsWith("/%2f") && !lower.startsWith("/%5c") && !lower.contains("%0d")
                && !lower.contains("%0a");
    }
}
