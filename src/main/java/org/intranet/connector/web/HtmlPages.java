package org.intranet.connector.web;

/** Minimal HTML pages. Every value placed in a page goes through {@link #escape}. */
public final class HtmlPages {

    private HtmlPages() {
    }

    /** Escapes text for HTML element content and double-quoted attribute values. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Wraps an already escaped body in a page with the given (unescaped) title. */
    public static String page(String title, String bodyHtml) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title><style>body{font-family:sans-serif;margin:3em;max-width:40em}</style></head><body>"
                + bodyHtml + "</body></html>\n";
    }

    /** Returns a page with a heading and one paragraph of plain text. */
    public static String message(String title, String text) {
        return page(title, "<h1>" + escape(title) + "</h1><p>" + escape(text) + "</p>"
                + "<p><a href=\"/\">Intranet home</a></p>");
    }
}
