package org.intranet.connector.saml;

/**
 * Escaping for values taken from a request or a SAML message before they reach a log line, so that a value cannot
 * end the line and forge a following one.
 */
public final class LogText {

    private LogText() {
    }

    /**
     * Returns the text with backslash, CR, LF and tab written as {@code \\}, {@code \r}, {@code \n} and {@code \t}, and
     * every other control, format (such as a bidirectional override), line separator or paragraph separator
     * character as {@code \}{@code uXXXX}. Null stays null.
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(c);
            if (replacement == null) {
                if (escaped != null) {
                    escaped.append(c);
                }
                continue;
            }
            if (escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            escaped.append(replacement);
        }
        return escaped == null ? text : escaped.toString();
    }

    private static String replacement(char c) {
        switch (c) {
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            default:
                break;
        }
        int type = Character.getType(c);
        if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
