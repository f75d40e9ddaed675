package org.intranet.connector.simulator;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST resources under {@code /services/data}. Every request needs a valid "Authorization: Bearer"
 * (or "OAuth") token, counts as one data call, and may meet a fault scheduled in {@link Faults}.
 */
final class RestApiServlet extends HttpServlet {

    /** Default and maximum page size of the query resource. */
    static final int MAX_PAGE_SIZE = 2000;
    /**
     * Minimum page size accepted from Sforce-Query-Options: batchSize. Salesforce raises values under 200
     * to 200, but the simulator accepts down to 1 so that tests can page through small result sets.
     */
    static final int MIN_PAGE_SIZE = 1;
    static final int DAILY_API_LIMIT = 15_000;

    private static final Logger LOG = LoggerFactory.getLogger(RestApiServlet.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern VERSION_PATH = Pattern.compile("/v(\\d{2})\\.0(/.*)?");
    private static final Pattern BATCH_SIZE = Pattern.compile("(?i)batchSize\\s*=\\s*(\\d+)");
    private static final Pattern LOCATOR = Pattern.compile("([0-9A-Za-z]{18})-(\\d+)");
    private static final int MIN_VERSION = 20;
    private static final int MAX_VERSION = 65;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A query result kept for queryMore: the rows are fixed when the query runs, as in Salesforce. */
    private record Cursor(List<ObjectNode> rows, int pageSize) {
    }

    private final transient SalesforceSimulator simulator;
    /**
     * Open query cursors, oldest first. Salesforce lets one user keep 10 open; opening an
     * eleventh drops the oldest, whose nextRecordsUrl then fails with INVALID_QUERY_LOCATOR.
     * The cap also keeps the simulator's memory flat in long benchmark runs.
     */
    private final transient Map<String, Cursor> cursors = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
                    return size() > MAX_OPEN_CURSORS;
                }
            });
    private static final int MAX_OPEN_CURSORS = 10;

    RestApiServlet(SalesforceSimulator simulator) {
        this.simulator = simulator;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int call = simulator.recordDataCall();
        response.setHeader("Sforce-Limit-Info", "api-usage=" + call + "/" + DAILY_API_LIMIT);
        Faults.Action action = simulator.faults().actionFor(call);
        if (!action.delay().isZero()) {
            LOG.info("Delaying data call {} by {}", call, action.delay());
            sleep(action.delay());
        }
        switch (action.kind()) {
            case INVALID_SESSION -> {
                LOG.info("Injecting INVALID_SESSION_ID on data call {} and revoking all tokens", call);
                simulator.revokeAllTokens();
                writeError(response, 401, "INVALID_SESSION_ID", "Session expired or invalid");
                return;
            }
            case REQUEST_LIMIT -> {
                LOG.info("Injecting REQUEST_LIMIT_EXCEEDED on data call {}", call);
                writeError(response, 403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
                return;
            }
            case SERVER_ERROR -> {
                LOG.info("Injecting UNKNOWN_EXCEPTION on data call {}", call);
                writeError(response, 500, "UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include"
                        + " this ErrorId if you contact support: " + (100_000_000 + RANDOM.nextInt(900_000_000))
                        + "-" + (10_000 + RANDOM.nextInt(90_000)) + " (" + RANDOM.nextInt(Integer.MAX_VALUE) + ")");
                return;
            }
            default -> {
            }
        }
        if (!simulator.isValidToken(bearerToken(request))) {
            writeError(response, 401, "INVALID_SESSION_ID", "Session expired or invalid");
            return;
        }
        if (!"GET".equals(request.getMethod())) {
            writeError(response, 405, "METHOD_NOT_ALLOWED", "HTTP Method '" + request.getMethod()
                    + "' not allowed. Allowed are GET,HEAD");
            return;
        }
        route(request, response);
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if (path.equals("/")) {
            writeJson(response, 200, versions());
            return;
        }
        Matcher versionMatcher = VERSION_PATH.matcher(path);
        if (!versionMatcher.matches() || Integer.parseInt(versionMatcher.group(1)) < MIN_VERSION
                || Integer.parseInt(versionMatcher.group(1)) > MAX_VERSION) {
            writeNotFound(response);
            return;
        }
        String version = versionMatcher.group(1) + ".0";
        String resource = versionMatcher.group(2) == null ? "/" : versionMatcher.group(2);
        if (resource.equals("/")) {
            writeJson(response, 200, resources(version));
        } else if (resource.equals("/limits") || resource.equals("/limits/")) {
            writeJson(response, 200, limits());
        } else if (resource.equals("/query") || resource.equals("/query/")
                || resource.equals("/queryAll") || resource.equals("/queryAll/")) {
            query(request, response, version);
        } else if (resource.startsWith("/query/") || resource.startsWith("/queryAll/")) {
            queryMore(request, response, version, resource.substring(resource.indexOf('/', 1) + 1));
        } else if (resource.startsWith("/sobjects/User/")) {
            getUser(request, response, version, resource.substring("/sobjects/User/".length()));
        } else {
            writeNotFound(response);
        }
    }

    private void query(HttpServletRequest request, HttpServletResponse response, String version) throws IOException {
        String soql = request.getParameter("q");
        simulator.recordQuery(soql);
        List<ObjectNode> rows;
        try {
            rows = simulator.org().runQuery(SoqlParser.parse(soql), version);
        } catch (SoqlException e) {
            LOG.info("Rejected query with {}: {}", e.errorCode(), soql);
            writeError(response, 400, e.errorCode(), e.getMessage());
            return;
        }
        Cursor cursor = new Cursor(rows, pageSize(request, MAX_PAGE_SIZE));
        String cursorId = rows.size() > cursor.pageSize() ? newCursorId() : null;
        if (cursorId != null) {
            cursors.put(cursorId, cursor);
        }
        writeJson(response, 200, page(cursor, cursorId, 0, version));
    }

    private void queryMore(HttpServletRequest request, HttpServletResponse response, String version, String locator)
            throws IOException {
        Matcher matcher = LOCATOR.matcher(locator);
        Cursor cursor = matcher.matches() ? cursors.get(matcher.group(1)) : null;
        int offset = matcher.matches() ? parseOffset(matcher.group(2)) : -1;
        if (cursor == null || offset < 0 || offset >= cursor.rows().size()) {
            writeError(response, 400, "INVALID_QUERY_LOCATOR", "invalid query locator");
            return;
        }
        Cursor paged = new Cursor(cursor.rows(), pageSize(request, cursor.pageSize()));
        writeJson(response, 200, page(paged, matcher.group(1), offset, version));
    }

    private ObjectNode page(Cursor cursor, String cursorId, int offset, String version) {
        int end = Math.min(cursor.rows().size(), offset + cursor.pageSize());
        boolean done = end >= cursor.rows().size();
        ObjectNode body = MAPPER.createObjectNode();
        body.put("totalSize", cursor.rows().size());
        body.put("done", done);
        if (!done) {
            body.put("nextRecordsUrl", "/services/data/v" + version + "/query/" + cursorId + "-" + end);
        }
        ArrayNode records = body.putArray("records");
        for (ObjectNode row : cursor.rows().subList(offset, end)) {
            records.add(row);
        }
        return body;
    }

    private void getUser(HttpServletRequest request, HttpServletResponse response, String version, String id)
            throws IOException {
        String fields = request.getParameter("fields");
        List<String> fieldNames = fields == null ? null : Arrays.stream(fields.split(",")).map(String::trim).toList();
        ObjectNode user = simulator.org().renderUser(id, version, fieldNames);
        if (user == null) {
            writeNotFound(response);
        } else {
            writeJson(response, 200, user);
        }
    }

    private static int pageSize(HttpServletRequest request, int defaultSize) {
        String options = request.getHeader("Sforce-Query-Options");
        if (options == null) {
            return defaultSize;
        }
        Matcher matcher = BATCH_SIZE.matcher(options);
        if (!matcher.find()) {
            return defaultSize;
        }
        long requested = Long.parseLong(matcher.group(1).length() > 9 ? "999999999" : matcher.group(1));
        return (int) Math.max(MIN_PAGE_SIZE, Math.min(MAX_PAGE_SIZE, requested));
    }

    private static int parseOffset(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Returns an 18-character locator id with key prefix 0r8, like the locators Salesforce returns. */
    private static String newCursorId() {
        return SalesforceIds.build("0r8", "xx", Math.floorMod(RANDOM.nextLong(), 62L * 62 * 62 * 62 * 62 * 62 * 62));
    }

    private static String bearerToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        if (authorization.regionMatches(true, 0, "OAuth ", 0, 6)) {
            return authorization.substring(6).trim();
        }
        return null;
    }

    private static JsonNode versions() {
        String[][] releases = {{"56.0", "Winter '23"}, {"57.0", "Spring '23"}, {"58.0", "Summer '23"},
            {"59.0", "Winter '24"}, {"60.0", "Spring '24"}, {"61.0", "Summer '24"}, {"62.0", "Winter '25"},
            {"63.0", "Spring '25"}, {"64.0", "Summer '25"}, {"65.0", "Winter '26"}};
        ArrayNode list = MAPPER.createArrayNode();
        for (String[] release : releases) {
            ObjectNode entry = list.addObject();
            entry.put("label", release[1]);
            entry.put("url", "/services/data/v" + release[0]);
            entry.put("version", release[0]);
        }
        return list;
    }

    private static JsonNode resources(String version) {
        ObjectNode body = MAPPER.createObjectNode();
        for (String name : List.of("limits", "query", "queryAll", "sobjects")) {
            body.put(name, "/services/data/v" + version + "/" + name);
        }
        return body;
    }

    private JsonNode limits() {
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode daily = body.putObject("DailyApiRequests");
        daily.put("Max", DAILY_API_LIMIT);
        daily.put("Remaining", Math.max(0, DAILY_API_LIMIT - simulator.apiCallCount()));
        return body;
    }

    private static void writeNotFound(HttpServletResponse response) throws IOException {
        writeError(response, 404, "NOT_FOUND", "The requested resource does not exist");
    }

    /** Writes a Salesforce REST error body: a JSON array of {message, errorCode}. */
    private static void writeError(HttpServletResponse response, int status, String errorCode, String message)
            throws IOException {
        ArrayNode errors = MAPPER.createArrayNode();
        ObjectNode error = errors.addObject();
        error.put("message", message);
        error.put("errorCode", errorCode);
        writeJson(response, status, errors);
    }

    private static void writeJson(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        MAPPER.writeValue(response.getOutputStream(), body);
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
