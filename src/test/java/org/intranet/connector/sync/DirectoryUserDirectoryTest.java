package org.intranet.connector.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.intranet.connector.mapping.MappingLoader;
import org.intranet.connector.mapping.ProfileMapping;
import org.intranet.connector.mapping.UserRecordMapper;
import org.intranet.connector.saml.LoginUser;
import org.intranet.connector.saml.ProvisionResult;
import org.intranet.connector.store.Database;
import org.intranet.connector.store.ProfileField;
import org.intranet.connector.store.ProfileFieldRepository;
import org.intranet.connector.store.StoreDatabases;
import org.intranet.connector.store.UserRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirectoryUserDirectoryTest {

    static final String ID = "005dM00000aYaE4QAK";
    static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    Database database;
    DirectoryUserDirectory directory;
    UserRepository users;

    @BeforeEach
    void open() {
        database = StoreDatabases.h2();
        ProfileFieldRepository fields = new ProfileFieldRepository(database.dataSource());
        ProfileMapping mapping = new MappingLoader(Set.of("job_title", "department")).parse("test.yaml", """
                profileFields:
                  - salesforceField: Title
                    intranetField: job_title
                  - salesforceField: Department
                    intranetField: department
                """);
        fields.applyMapping(List.of(
                new ProfileField("job_title", "Job title", "salesforce", "Title", true, "help", 255, 1),
                new ProfileField("department", "Department", "salesforce", "Department", true, "help", 255, 2)));
        directory = new DirectoryUserDirectory(database.dataSource(),
                new UserRecordMapper(mapping, Map.of()), Clock.fixed(NOW, ZoneOffset.UTC));
        users = new UserRepository(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    static Map<String, List<String>> attributes(String userId, String title) {
        return Map.of("userId", List.of(userId), "username", List.of("zoe@example.com"),
                "email", List.of("zoe@example.com"), "is_portal_user", List.of("false"),
                "FirstName", List.of("Zoë"), "LastName", List.of("Ødegaard"), "Title", List.of(title));
    }

    @Test
    void createsFromFifteenCharacterId() {
        ProvisionResult result = directory.provision(attributes("005dM00000aYaE4", "Engineer"), true);

        LoginUser user = result.user().orElseThrow();
        assertEquals(ID, user.salesforceId());
        assertEquals("Zoë Ødegaard", user.displayName());
        assertTrue(user.active());
        assertEquals("Engineer", users.findById(ID).orElseThrow().record().profile().get("job_title"));
        assertEquals(NOW, users.findById(ID).orElseThrow().record().systemModstamp());
        assertEquals(ID, directory.findByUsername("zoe@example.com").orElseThrow().salesforceId());
    }

    @Test
    void refreshKeepsFieldsNotSent() {
        Map<String, List<String>> first = new java.util.HashMap<>(attributes(ID, "Engineer"));
        first.put("Department", List.of("R&D"));
        directory.provision(first, true);

        directory.provision(attributes(ID, "Lead Engineer"), true);

        Map<String, String> profile = users.findById(ID).orElseThrow().record().profile();
        assertEquals("Lead Engineer", profile.get("job_title"));
        assertEquals("R&D", profile.get("department"), "no Department attribute, so the stored value stays");
    }

    @Test
    void unmappedAttributesIgnored() {
        Map<String, List<String>> attributes = new java.util.HashMap<>(attributes(ID, "Engineer"));
        attributes.put("UserType", List.of("Standard-but-forged"));
        attributes.put("IsActive", List.of("false"));
        attributes.put(".", List.of("x"));
        attributes.put("..", List.of("x"));

        ProvisionResult result = directory.provision(attributes, true);

        assertTrue(result.user().orElseThrow().active());
        assertEquals("Standard", users.findById(ID).orElseThrow().record().userType());
    }

    @Test
    void missingUserIdRejected() {
        ProvisionResult result = directory.provision(Map.of("username", List.of("zoe@example.com")), true);

        assertTrue(result.user().isEmpty());
        assertEquals("the assertion has no valid userId attribute", result.rejectionReason());
    }

    @Test
    void noCreationWhenProvisioningOff() {
        ProvisionResult result = directory.provision(attributes(ID, "Engineer"), false);

        assertTrue(result.user().isEmpty());
        assertTrue(result.rejectionReason().contains("has not been imported"), result.rejectionReason());
        assertEquals(0, users.countUsers());
    }

    @Test
    void invalidAttributeRejectedLikeImport() {
        Map<String, List<String>> bad = new java.util.HashMap<>(attributes(ID, "Engineer"));
        bad.put("email", List.of("not an address"));

        ProvisionResult result = directory.provision(bad, true);

        assertTrue(result.user().isEmpty());
        assertEquals("invalid Email 'not an address'", result.rejectionReason());
        assertFalse(users.findById(ID).isPresent());
    }
}
