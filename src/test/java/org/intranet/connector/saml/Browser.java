package org.intranet.connector.saml;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser stand-in over java.net.http: it keeps cookies, follows redirects by hand (so tests see every hop) and
 * submits the auto-posting and login forms that the IdP returns.
 */
public final class Browser {

    private static final Pattern FORM = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"");
    private static final Pattern INPUT = Pattern.compile(
            "<input (?:type=\"hidden\" )?name=\"([^\"]+)\"(?: value=\"([^\"]*)\")?");

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<String> visited = new ArrayList<>();

    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        visited.add("GET " + url);
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String url, Map<String, String> form) throws IOException, InterruptedException {
        visited.add("POST " + url);
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> field : form.entrySet()) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Follows redirects from this response (at most ten hops) and returns the final response. */
    public HttpResponse<String> follow(HttpResponse<String> response) throws IOException, InterruptedException {
        HttpResponse<String> current = response;
        for (int hop = 0; hop < 10 && isRedirect(current.statusCode()); hop++) {
            current = get(current.uri().resolve(location(current)).toString());
        }
        return current;
    }

    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    public static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "redirect without Location from " + response.uri()));
    }

    /** Fills the first POST form in the page with its hidden fields plus the given values, and submits it. */
    public HttpResponse<String> submitForm(HttpResponse<String> page, Map<String, String> values)
            throws IOException, InterruptedException {
        Matcher form = FORM.matcher(page.body());
        if (!form.find()) {
            throw new AssertionError("no POST form in the page from " + page.uri() + ": " + page.body());
        }
        Map<String, String> fields = formFields(page.body());
        fields.putAll(values);
        String action = unescape(form.group(1));
        return post(page.uri().resolve(action).toString(), fields);
    }

    /** Returns the named inputs of the page with their (unescaped) values. */
    public static Map<String, String> formFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher input = INPUT.matcher(html);
        while (input.find()) {
            fields.put(input.group(1), input.group(2) == null ? "" : unescape(input.group(2)));
        }
        return fields;
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    public Optional<HttpCookie> cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals(name))
                .findFirst();
    }

    /** Stores a cookie for the host of the URL, as a cookie set by another site on that host would be. */
    public void setCookie(String url, String name, String value) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(java.net.URI.create(url), cookie);
    }

    public void removeCookie(String name) {
        cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals(name)).toList()
                .forEach(cookie -> cookies.getCookieStore().getURIs()
                        .forEach(uri -> cookies.getCookieStore().remove(uri, cookie)));
    }

    /** Requests made so far, as "METHOD url". */
    public List<String> visited() {
        return visited;
    }
}
