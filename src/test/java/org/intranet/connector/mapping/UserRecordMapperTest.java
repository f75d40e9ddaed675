package org.intranet.connector.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.intranet.connector.store.UserRecord;
import org.junit.jupiter.api.Test;

class UserRecordMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MAPPING = """
            profileFields:
              - salesforceField: Title
                intranetField: job_title
                transform: trim
              - salesforceField: Phone
                intranetField: work_phone
                transform: phone
              - salesforceField: Manager.Name
                intranetField: manager_name
              - salesforceField: [City, Country]
                intranetField: office_location
                transform: join
                separator: ", "
              - salesforceField: Terminate_Date__c
                intranetField: start_date
                transform: date
                format: dd.MM.yyyy
            """;

    private final UserRecordMapper mapper = new UserRecordMapper(
            new MappingLoader(MappingLoaderTest.INTRANET_FIELDS).parse("test.yaml", MAPPING),
            Map.of("job_title", 20, "work_phone", 40));

    private static JsonNode sample(String name) throws Exception {
        try (InputStream in = UserRecordMapperTest.class.getResourceAsStream("/samples/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static ObjectNode user() {
        ObjectNode user = JSON.createObjectNode();
        user.putObject("attributes").put("type", "User");
        user.put("Id", "005dM00000aYaE4QAK");
        user.put("Username", "zoe.lukasz@example.com");
        user.put("Email", "zoe@example.com");
        user.put("FirstName", "Zoë");
        user.put("LastName", "Łukasiewicz");
        user.put("IsActive", true);
        user.put("SystemModstamp", "2025-12-16T13:05:30.000+0000");
        user.put("Title", "  Engineer ");
        user.put("Phone", "+44 (20) 7946-0958 ext. 12");
        user.putObject("Manager").put("Name", "山田 太郎");
        user.put("City", "Kraków");
        user.putNull("Country");
        return user;
    }

    @Test
    void realQueryUsersAllAccepted() throws Exception {
        JsonNode page = sample("query-users-nango.json");
        int accepted = 0;
        for (JsonNode record : page.get("records")) {
            MappingResult result = mapper.map(record);
            assertTrue(result.isAccepted(), result.rejectionReason());
            accepted++;
        }
        assertEquals(8, accepted);

        UserRecord automated = mapper.map(page.get("records").get(0)).user();
        assertEquals("005dM00000aYaE4QAK", automated.salesforceId());
        assertEquals("noreply@00dxx0000009zqkeai", automated.email());
        assertEquals("Automated Process", automated.displayName());
        assertEquals(Instant.parse("2026-05-01T07:35:37Z"), automated.systemModstamp());
        assertTrue(automated.profile().isEmpty());
    }

    @Test
    void realDeactivatedPortalUser() throws Exception {
        MappingResult result = mapper.map(sample("sobject-user-get-xsoar.json"));

        assertTrue(result.isAccepted(), result.rejectionReason());
        assertFalse(result.user().active());
        assertEquals("PowerCustomerSuccess", result.user().userType());
        assertTrue(UserRecordMapper.isExternalUserType(result.user().userType()));
        assertEquals("04.08.2020", result.user().profile().get("start_date"));
        assertEquals("Test Example", result.user().displayName());
    }

    @Test
    void mapsTransformsAndRelationships() {
        UserRecord user = mapper.map(user()).user();

        assertEquals("Engineer", user.profile().get("job_title"));
        assertEquals("+442079460958 x12", user.profile().get("work_phone"));
        assertEquals("山田 太郎", user.profile().get("manager_name"));
        assertEquals("Kraków", user.profile().get("office_location"));
        assertEquals("Zoë", user.firstName());
        assertEquals("Zoë Łukasiewicz", user.displayName());
    }

    @Test
    void emptyManagerLeavesFieldOut() {
        ObjectNode record = user();
        record.putNull("Manager");
        record.put("Title", "   ");

        UserRecord user = mapper.map(record).user();

        assertFalse(user.profile().containsKey("manager_name"));
        assertFalse(user.profile().containsKey("job_title"));
    }

    @Test
    void missingIdRejected() {
        ObjectNode record = user();
        record.remove("Id");

        MappingResult result = mapper.map(record);

        assertFalse(result.isAccepted());
        assertNull(result.salesforceId());
        assertEquals("missing Id", result.rejectionReason());
    }

    @Test
    void malformedIdRejected() {
        ObjectNode record = user();
        record.put("Id", "005dM00000-YaE4QAK");

        MappingResult result = mapper.map(record);

        assertFalse(result.isAccepted());
        assertEquals("005dM00000-YaE4QAK", result.salesforceId());
        assertEquals("invalid Id '005dM00000-YaE4QAK': expected a 15- or 18-character Salesforce id of letters and "
                + "digits", result.rejectionReason());
    }

    @Test
    void mismatchedSuffixKept() {
        ObjectNode record = user();
        record.put("Id", "005dM00000aYaE4QAA");

        assertEquals("005dM00000aYaE4QAA", mapper.map(record).user().salesforceId());
    }

    @Test
    void fifteenCharacterIdWidened() {
        ObjectNode record = user();
        record.put("Id", "005dM00000aYaE4");

        assertEquals("005dM00000aYaE4QAK", mapper.map(record).user().salesforceId());
    }

    @Test
    void invalidEmailRejected() {
        ObjectNode record = user();
        record.put("Email", "zoe at example.com");

        MappingResult result = mapper.map(record);

        assertFalse(result.isAccepted());
        assertEquals("invalid Email 'zoe at example.com'", result.rejectionReason());
    }

    @Test
    void valueTooLongRejected() {
        ObjectNode record = user();
        record.put("Title", "Senior Principal Staff Engineer");

        MappingResult result = mapper.map(record);

        assertFalse(result.isAccepted());
        assertEquals("job_title is 31 characters long, at most 20 are allowed", result.rejectionReason());
    }

    @Test
    void transformFailureRejected() {
        ObjectNode record = user();
        record.put("Phone", "call reception");

        MappingResult result = mapper.map(record);

        assertFalse(result.isAccepted());
        assertTrue(result.rejectionReason().startsWith("transform failed for work_phone: 'call reception' is not a "
                + "phone number"), result.rejectionReason());
    }

    @Test
    void everyProblemListed() {
        ObjectNode record = user();
        record.remove("Username");
        record.put("Email", "a@b@c");
        record.remove("SystemModstamp");

        MappingResult result = mapper.map(record);

        assertEquals("missing Username; invalid Email 'a@b@c'; missing SystemModstamp", result.rejectionReason());
    }

    @Test
    void changeEventDateTimeParsed() {
        ObjectNode record = user();
        record.put("SystemModstamp", "2019-05-02T11:27:36Z");

        assertEquals(Instant.parse("2019-05-02T11:27:36Z"), mapper.map(record).user().systemModstamp());
    }

    @Test
    void sameDataSameRecord() {
        assertEquals(mapper.map(user()).user(), mapper.map(user()).user());
        assertTrue(mapper.map(user()).user().sameContentAs(mapper.map(user()).user()));
    }

    @Test
    void selectListFromMapping() {
        List<String> fields = mapper.mapping().selectFields();

        assertEquals(List.of("Id", "Username", "Email", "FederationIdentifier", "FirstName", "LastName", "Name",
                "UserType", "IsActive", "SystemModstamp", "Title", "Phone", "Manager.Name", "City", "Country",
                "Terminate_Date__c"), fields);
        assertTrue(mapper.mapping().userQuery("SystemModstamp >= 2025-01-01T00:00:00.000Z")
                .endsWith("FROM User WHERE SystemModstamp >= 2025-01-01T00:00:00.000Z ORDER BY SystemModstamp ASC, Id ASC"));
    }
}
