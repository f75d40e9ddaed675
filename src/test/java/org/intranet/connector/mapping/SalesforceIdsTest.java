package org.intranet.connector.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SalesforceIdsTest {

    @Test
    void realIdsValid() {
        assertTrue(SalesforceIds.isValid18("005dM00000aYaE4QAK"));
        assertTrue(SalesforceIds.isValid18("0050m000003K9VAAA0"));
        assertTrue(SalesforceIds.isValid18("00Dxx0000009zQkEAI"));
    }

    @Test
    void fifteenToEighteen() {
        assertEquals("005dM00000aYaE4QAK", SalesforceIds.to18("005dM00000aYaE4"));
        assertEquals("005dM00000aYaE4QAK", SalesforceIds.to18("005dM00000aYaE4QAK"));
    }

    @Test
    void suffixBitsFollowUpperCase() {
        assertEquals("005000000000001AAA", SalesforceIds.to18("005000000000001"));
        assertEquals("005D0000001Az1uIAC", SalesforceIds.to18("005D0000001Az1u"));
    }

    @Test
    void lowerCaseSuffixCanonicalised() {
        assertEquals("005D0000001Az1uIAC", SalesforceIds.to18("005D0000001Az1uiac"));
    }

    @Test
    void wrongSuffixOrShapeRejected() {
        assertEquals("005D0000001Az1uXXX", SalesforceIds.to18("005D0000001Az1uXXX"), "kept, though invalid");
        assertNull(SalesforceIds.to18("alice@example.com"));
        assertFalse(SalesforceIds.isValid18("005dM00000aYaE4QAA"));
        assertFalse(SalesforceIds.isValid18("005dM00000aYaE4QA"));
        assertFalse(SalesforceIds.isValid18("005dM00000aYaE4QA-"));
        assertNull(SalesforceIds.to18("not-an-id"));
        assertNull(SalesforceIds.to18(null));
    }
}
