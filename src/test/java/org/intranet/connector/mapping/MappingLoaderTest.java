package org.intranet.connector.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MappingLoaderTest {

    static final Set<String> INTRANET_FIELDS = Set.of("job_title", "department", "division", "company",
            "work_phone", "mobile_phone", "manager_name", "manager_email", "office_location", "city", "country",
            "employee_number", "start_date", "about_me", "pronouns", "time_zone");

    private final MappingLoader loader = new MappingLoader(INTRANET_FIELDS);

    private MappingException rejected(String yaml) {
        return assertThrows(MappingException.class, () -> loader.parse("mappings/test.yaml", yaml));
    }

    private static String entries(int count) {
        StringBuilder yaml = new StringBuilder("profileFields:\n");
        List<String> targets = List.copyOf(new java.util.TreeSet<>(INTRANET_FIELDS));
        for (int i = 0; i < count; i++) {
            yaml.append("  - salesforceField: Title\n    intranetField: ").append(targets.get(i)).append('\n');
        }
        return yaml.toString();
    }

    @Test
    void shippedMappingLoads() {
        ProfileMapping mapping = loader.load(Path.of("mappings/user-profile.yaml"));

        assertEquals(7, mapping.fields().size());
        FieldMapping office = mapping.fields().stream()
                .filter(f -> f.intranetField().equals("office_location")).findFirst().orElseThrow();
        assertEquals(List.of("City", "Country"), office.salesforceFields());
        assertInstanceOf(Transform.Join.class, office.transforms().get(0));
        assertTrue(mapping.fields().stream().allMatch(FieldMapping::readOnly));
        for (FieldMapping field : mapping.fields()) {
            assertNotNull(field.helpText(), field.intranetField());
            assertTrue(field.helpText().contains("Salesforce"), field.helpText());
        }
        assertTrue(mapping.selectFields().contains("Manager.Name"));
        assertTrue(mapping.selectFields().containsAll(ProfileMapping.CORE_FIELDS));
    }

    @Test
    void sevenFieldsAccepted() {
        assertEquals(7, loader.parse("mappings/test.yaml", entries(7)).fields().size());
    }

    @Test
    void eightFieldsRejected() {
        MappingException error = rejected(entries(8));

        assertTrue(error.getMessage().startsWith("mappings/test.yaml: 8 profile fields are mapped"), error.getMessage());
        assertTrue(error.getMessage().contains("at most 7"), error.getMessage());
        assertTrue(error.getMessage().contains("Remove 1 entries"), error.getMessage());
    }

    @Test
    void unknownTransformRejected() {
        MappingException error = rejected("""
                profileFields:
                  - salesforceField: Title
                    intranetField: job_title
                    transform: uppercase
                """);

        assertEquals("mappings/test.yaml, profileFields[0] (job_title): unknown transform 'uppercase'. "
                + "Use one of: trim, lowercase, phone, date, join.", error.getMessage());
    }

    @Test
    void duplicateTargetRejected() {
        MappingException error = rejected("""
                profileFields:
                  - salesforceField: Title
                    intranetField: job_title
                  - salesforceField: Department
                    intranetField: job_title
                """);

        assertTrue(error.getMessage().startsWith("mappings/test.yaml, profileFields[1] (job_title): intranet field "
                + "'job_title' is mapped twice"), error.getMessage());
    }

    @Test
    void unknownTargetRejected() {
        MappingException error = rejected("""
                profileFields:
                  - salesforceField: Title
                    intranetField: shoe_size
                """);

        assertTrue(error.getMessage().startsWith("mappings/test.yaml, profileFields[0] (shoe_size): unknown intranet "
                + "field 'shoe_size'. Use one of: about_me, city,"), error.getMessage());
    }

    @Test
    void malformedYamlRejected() {
        MappingException error = rejected("profileFields:\n  - salesforceField: [Title\n    intranetField: x\n");

        assertTrue(error.getMessage().startsWith("mappings/test.yaml: invalid YAML at line"), error.getMessage());
    }

    @Test
    void duplicateKeyRejected() {
        MappingException error = rejected("""
                profileFields:
                  - salesforceField: Title
                    intranetField: job_title
                    label: Role
                    label: Title
                """);

        assertTrue(error.getMessage().startsWith("mappings/test.yaml: invalid YAML at line 5"), error.getMessage());
        assertTrue(error.getMessage().contains("Duplicate field 'label'"), error.getMessage());
    }

    @Test
    void nonUtf8FileRejected(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        Path file = directory.resolve("latin1.yaml");
        java.nio.file.Files.write(file, "profileFields:\n  - salesforceField: Title\n    label: Caf\u00e9\n"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        MappingException error = assertThrows(MappingException.class, () -> loader.load(file));

        assertEquals("Mapping file " + file + " is not valid UTF-8. Save it as UTF-8.", error.getMessage());
        MappingException folder = assertThrows(MappingException.class, () -> loader.load(directory));
        assertTrue(folder.getMessage().endsWith("is a directory. Set mapping.file to the YAML file inside it, such "
                + "as mappings/user-profile.yaml."), folder.getMessage());
    }

    @Test
    void misspelledKeyRejected() {
        MappingException error = rejected("""
                profileFields:
                  - salesforceField: Title
                    intranetField: job_title
                    tranform: trim
                """);

        assertTrue(error.getMessage().contains("unknown key 'tranform'"), error.getMessage());
        assertTrue(error.getMessage().contains("profileFields[0] (job_title)"), error.getMessage());
    }

    @Test
    void missingProfileFieldsRejected() {
        MappingException error = rejected("fields: []\n");

        assertTrue(error.getMessage().contains("unknown key 'fields'"), error.getMessage());
        MappingException empty = rejected("# nothing\n");
        assertTrue(empty.getMessage().contains("expected a map with the key 'profileFields'"), empty.getMessage());
    }

    @Test
    void invalidFieldPathRejected() {
        MappingException error = rejected("""
                profileFields:
                  - salesforceField: "Manager..Name"
                    intranetField: manager_name
                """);

        assertTrue(error.getMessage().contains("invalid Salesforce field 'Manager..Name'"), error.getMessage());
    }

    @Test
    void severalFieldsNeedJoin() {
        MappingException error = rejected("""
                profileFields:
                  - salesforceField: [City, Country]
                    intranetField: office_location
                """);

        assertTrue(error.getMessage().contains("needs 'transform: join'"), error.getMessage());
    }

    @Test
    void invalidDateFormatRejected() {
        MappingException error = rejected("""
                profileFields:
                  - salesforceField: StartDate__c
                    intranetField: start_date
                    transform: date
                    format: "yyyy-MM-dd {"
                """);

        assertTrue(error.getMessage().contains("invalid date format 'yyyy-MM-dd {'"), error.getMessage());
    }

    @Test
    void readOnlyDefaultsToTrueWithHelpText() {
        ProfileMapping mapping = loader.parse("m.yaml", """
                profileFields:
                  - salesforceField: Title
                    intranetField: job_title
                  - salesforceField: AboutMe
                    intranetField: about_me
                    readOnly: false
                """);

        assertTrue(mapping.fields().get(0).readOnly());
        assertTrue(mapping.fields().get(0).helpText().contains("edit your user details in Salesforce"));
        assertEquals("Job title", mapping.fields().get(0).label());
        assertFalse(mapping.fields().get(1).readOnly());
        assertEquals(null, mapping.fields().get(1).helpText());
    }
}
