package org.intranet.connector.sync;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;

/**
 * Runs SOQL queries through the {@code direct:salesforce-query} and
 * {@code direct:salesforce-query-more} routes, which call camel-salesforce with
 * {@code rawPayload=true}, and parses the JSON pages.
 */
public final class SalesforceQueryClient {

    /** Endpoint of the route that runs a new query; the body is the SOQL text. */
    public static final String QUERY_ENDPOINT = "direct:salesforce-query";
    /** Endpoint of the route that fetches the next page; the body is the nextRecordsUrl. */
    public static final String QUERY_MORE_ENDPOINT = "direct:salesforce-query-more";
    /** Salesforce's request header for the page size; camel-salesforce forwards headers named Sforce-*. */
    static final String QUERY_OPTIONS_HEADER = "Sforce-Query-Options";

    private final ProducerTemplate template;
    private final ObjectMapper json = new ObjectMapper();
    private final int batchSize;
    private final AtomicInteger calls = new AtomicInteger();

    /** @param batchSize records per page requested from Salesforce; it serves 200 to 2,000 */
    public SalesforceQueryClient(ProducerTemplate template, int batchSize) {
        this.template = template;
        this.batchSize = batchSize;
    }

    public QueryPage query(String soql) {
        return call(QUERY_ENDPOINT, soql, "query");
    }

    public QueryPage queryMore(String nextRecordsUrl) {
        return call(QUERY_MORE_ENDPOINT, nextRecordsUrl, "queryMore");
    }

    /** Returns how many query and queryMore calls this client has sent. */
    public int callCount() {
        return calls.get();
    }

    private QueryPage call(String endpoint, String body, String operation) {
        calls.incrementAndGet();
        Exchange reply = template.request(endpoint, exchange -> {
            exchange.getIn().setBody(body);
            exchange.getIn().setHeader(QUERY_OPTIONS_HEADER, "batchSize=" + batchSize);
        });
        if (reply.getException() != null) {
            throw describe(operation, reply.getException());
        }
        try {
            return parse(reply.getMessage().getBody(InputStream.class));
        } catch (IOException | RuntimeException e) {
            throw new SalesforceCallException("Salesforce " + operation + " returned a response that is not a "
                    + "query result: " + e.getMessage(), e);
        }
    }

    private QueryPage parse(InputStream body) throws IOException {
        if (body == null) {
            throw new IOException("empty body");
        }
        JsonNode page;
        try (body) {
            page = json.readTree(body);
        }
        JsonNode records = page.get("records");
        if (records == null || !records.isArray()) {
            throw new IOException("no 'records' list");
        }
        List<JsonNode> list = new ArrayList<>(records.size());
        records.forEach(list::add);
        JsonNode next = page.get("nextRecordsUrl");
        return new QueryPage(page.path("totalSize").asInt(list.size()), page.path("done").asBoolean(true),
                next == null || next.isNull() ? null : next.asText(), list);
    }

    private static SalesforceCallException describe(String operation, Throwable failure) {
        Throwable cause = failure instanceof CamelExecutionException && failure.getCause() != null
                ? failure.getCause() : failure;
        SalesforceException salesforce = findSalesforceException(cause);
        if (salesforce == null) {
            return new SalesforceCallException("Salesforce " + operation + " failed: " + cause.getMessage(), cause);
        }
        StringBuilder message = new StringBuilder("Salesforce ").append(operation).append(" failed with HTTP ")
                .append(salesforce.getStatusCode());
        List<RestError> errors = salesforce.getErrors();
        if (errors != null && !errors.isEmpty()) {
            for (RestError error : errors) {
                message.append(": ").append(error.getErrorCode()).append(' ').append(error.getMessage());
            }
        } else {
            // No HTTP reply (status 0): a timeout or a broken connection, named by the root cause.
            Throwable root = salesforce;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            message.append(": ").append(root == salesforce ? salesforce.getMessage() : root.toString());
        }
        return new SalesforceCallException(message.toString(), salesforce);
    }

    private static SalesforceException findSalesforceException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SalesforceException salesforce) {
                return salesforce;
            }
        }
        return null;
    }
}
