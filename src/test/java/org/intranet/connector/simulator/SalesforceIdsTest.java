package org.intranet.connector.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SalesforceIdsTest {

    @Test
    void checksumMatchesRecordedIds() {
        // Ids copied from recorded Salesforce responses, where the suffix was computed by Salesforce.
        String[] recorded = {"005dM00000aYaE4QAK", "005dM00000aYf0qQAC", "005dM00000awSFJQA2", "00edM00000Qj7rBQAR",
            "00Dxx0000009zQkEAI", "001dM00003jU9GyQAK", "0050m000003K9VAAA0", "500J9000005duskIAA"};
        for (String id : recorded) {
            assertEquals(id.substring(15), SalesforceIds.checksum(id.substring(0, 15)), id);
            assertTrue(SalesforceIds.isValid18(id), id);
        }
    }

    @Test
    void isValid18RejectsWrongSuffixOrLength() {
        assertFalse(SalesforceIds.isValid18("005dM00000aYaE4QAA"));
        assertFalse(SalesforceIds.isValid18("005dM00000aYaE4"));
        assertFalse(SalesforceIds.isValid18("005dM00000aYaE!QAK"));
        assertFalse(SalesforceIds.isValid18(null));
    }

    @Test
    void to18AppendsSuffixOnlyToShortIds() {
        assertEquals("005dM00000aYaE4QAK", SalesforceIds.to18("005dM00000aYaE4"));
        assertEquals("005dM00000aYaE4QAK", SalesforceIds.to18("005dM00000aYaE4QAK"));
    }

    @Test
    void buildEncodesSequenceInBase62() {
        assertEquals("005dM0000000000", SalesforceIds.build("005", "dM", 0).substring(0, 15));
        assertEquals("005dM000000000z", SalesforceIds.build("005", "dM", 61).substring(0, 15));
        assertEquals("005dM0000000010", SalesforceIds.build("005", "dM", 62).substring(0, 15));
        assertTrue(SalesforceIds.isValid18(SalesforceIds.build("005", "dM", 123_456_789L)));
        assertThrows(IllegalArgumentException.class, () -> SalesforceIds.build("05", "dM", 1));
    }
}
