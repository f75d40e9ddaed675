package org.intranet.connector.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SimulatedOrgTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void sampleIsDeterministic() {
        assertEquals(SimulatedOrg.sample().users(), SimulatedOrg.sample().users());
        assertEquals(SimulatedOrg.generate(42, 300).users(), SimulatedOrg.generate(42, 300).users());
        assertNotEquals(SimulatedOrg.generate(42, 300).users(), SimulatedOrg.generate(43, 300).users());
    }

    @Test
    void sampleHasValidIdsAndPastTimestamps() {
        SimulatedOrg org = SimulatedOrg.sample();
        assertEquals(2_500, org.size());
        Set<String> ids = new HashSet<>();
        Instant now = Instant.now();
        for (ObjectNode user : org.users()) {
            String id = user.get("Id").asText();
            assertTrue(SalesforceIds.isValid18(id), id);
            assertTrue(id.startsWith("005"), id);
            assertTrue(ids.add(id), "duplicate id " + id);
            Instant created = WireFormats.parseDateTime(user.get("CreatedDate").asText());
            Instant modified = WireFormats.parseDateTime(user.get("LastModifiedDate").asText());
            Instant modstamp = WireFormats.parseDateTime(user.get("SystemModstamp").asText());
            assertTrue(modstamp.isBefore(now), id);
            assertFalse(modified.isBefore(created), id);
            assertFalse(modstamp.isBefore(modified), id);
            assertTrue(user.get("SystemModstamp").asText().endsWith(".000+0000"), id);
        }
        assertTrue(SalesforceIds.isValid18(org.orgId()));
    }

    @Test
    void sampleHasVariety() {
        List<ObjectNode> users = SimulatedOrg.sample().users();
        Set<String> names = users.stream().map(user -> user.get("Name").asText()).collect(Collectors.toSet());
        for (String fragment : List.of("Zoë", "Łukasz", "Søren", "山田", "Ñúñez", "O'Brien")) {
            assertTrue(names.stream().anyMatch(name -> name.contains(fragment)), fragment);
        }
        for (String field : List.of("Phone", "MobilePhone", "Title", "Department")) {
            assertTrue(users.stream().anyMatch(user -> user.get(field).isNull()), field + " missing somewhere");
            assertTrue(users.stream().anyMatch(user -> !user.get(field).isNull()), field + " present somewhere");
        }
        assertTrue(users.stream().anyMatch(user -> !user.get("IsActive").asBoolean()));
        assertTrue(users.stream().anyMatch(user -> "PowerCustomerSuccess".equals(user.get("UserType").asText())));
        assertTrue(users.stream().anyMatch(user -> "Automated Process".equals(user.get("Name").asText())));
        assertTrue(users.stream().anyMatch(user -> SalesforceSimulator.USERNAME.equals(user.get("Username").asText())));
    }

    @Test
    void sampleHasDeepManagerChains() {
        Map<String, ObjectNode> byId = new HashMap<>();
        for (ObjectNode user : SimulatedOrg.sample().users()) {
            byId.put(user.get("Id").asText(), user);
        }
        int deepest = 0;
        for (ObjectNode user : byId.values()) {
            int depth = 0;
            JsonNode managerId = user.get("ManagerId");
            while (!managerId.isNull()) {
                ObjectNode manager = byId.get(managerId.asText());
                assertTrue(manager != null, "manager " + managerId.asText() + " exists");
                depth++;
                managerId = manager.get("ManagerId");
            }
            deepest = Math.max(deepest, depth);
        }
        assertEquals(4, deepest);
    }

    @Test
    void sampleHasFiveUsersSharingOneModstamp() {
        String stamp = WireFormats.formatDateTime(SampleOrgGenerator.TIE_OF_FIVE);
        long sharing = SimulatedOrg.sample().users().stream()
                .filter(user -> stamp.equals(user.get("SystemModstamp").asText()))
                .count();
        assertEquals(5, sharing);
    }

    @Test
    void recordedUsersQueryMatchesRecording() throws Exception {
        JsonNode recording;
        try (InputStream in = getClass().getResourceAsStream("/salesforce-samples/query-users-nango.json")) {
            recording = MAPPER.readTree(in);
        }
        SoqlQuery query = SoqlParser.parse("SELECT Id, Username, Email, FirstName, LastName, IsActive, ProfileId,"
                + " Profile.Name, SystemModstamp FROM User ORDER BY SystemModstamp ASC");
        Map<String, ObjectNode> rows = new HashMap<>();
        for (ObjectNode row : SimulatedOrg.sample().runQuery(query, "59.0")) {
            rows.put(row.get("Id").asText(), row);
        }
        assertEquals(8, recording.get("records").size());
        for (JsonNode recorded : recording.get("records")) {
            String id = recorded.get("Id").asText();
            assertEquals(recorded, rows.get(id), id);
        }
    }

    @Test
    void addUpdateAndDeactivate() {
        SimulatedOrg org = SimulatedOrg.empty();
        ObjectNode added = org.addUser(Map.of("FirstName", "Zoë", "LastName", "Ñúñez",
                "Username", "zoe@sample-org.example"));
        String id = added.get("Id").asText();
        assertTrue(SalesforceIds.isValid18(id));
        assertEquals("Zoë Ñúñez", added.get("Name").asText());
        assertTrue(added.get("IsActive").asBoolean());
        assertEquals(1, org.size());

        Instant tie = Instant.parse("2026-01-01T00:00:00Z");
        org.updateAt(id, Map.of("Title", "Engineer"), tie);
        ObjectNode updated = org.user(id).orElseThrow();
        assertEquals("Engineer", updated.get("Title").asText());
        assertEquals("2026-01-01T00:00:00.000+0000", updated.get("SystemModstamp").asText());
        assertEquals("2026-01-01T00:00:00.000+0000", updated.get("LastModifiedDate").asText());

        org.deactivate(id);
        ObjectNode deactivated = org.user(id.substring(0, 15)).orElseThrow();
        assertFalse(deactivated.get("IsActive").asBoolean());
        assertTrue(WireFormats.parseDateTime(deactivated.get("SystemModstamp").asText()).isAfter(tie));
        assertEquals(0, org.activeCount());

        assertThrows(IllegalArgumentException.class, () -> org.addUser(Map.of("Foo", "bar")));
        assertThrows(IllegalArgumentException.class, () -> org.update("005dM00000zzzzzAAA", Map.of()));
    }

    @Test
    void usersReturnsCopies() {
        SimulatedOrg org = SimulatedOrg.generate(1, 3);
        ObjectNode copy = org.users().get(0);
        copy.put("LastName", "Changed");

        assertNotEquals("Changed", org.user(copy.get("Id").asText()).orElseThrow().get("LastName").asText());
    }
}
