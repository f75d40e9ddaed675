package org.intranet.connector.sync;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** One page of a SOQL query result as Salesforce returns it. */
public record QueryPage(int totalSize, boolean done, String nextRecordsUrl, List<JsonNode> records) {

    public QueryPage {
        records = List.copyOf(records);
    }
}
