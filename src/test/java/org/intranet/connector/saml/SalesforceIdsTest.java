package org.intranet.connector.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class SalesforceIdsTest {

    @Test
    void fifteenCharacterIdGetsSuffix() {
        // The suffix of an all-lowercase/digit id is AAA; each upper-case letter sets one bit of its block.
        assertEquals(Optional.of("005000000000001AAA"), SalesforceIds.toCaseSafe("005000000000001"));
        assertEquals(Optional.of("005D0000001Az1uIAC"), SalesforceIds.toCaseSafe("005D0000001Az1u"));
    }

    @Test
    void eighteenCharacterIdKeptWithCanonicalSuffix() {
        assertEquals(Optional.of("005D0000001Az1uIAC"), SalesforceIds.toCaseSafe("005D0000001Az1uiac"));
    }

    @Test
    void invalidIdsRejected() {
        assertTrue(SalesforceIds.toCaseSafe("005D0000001Az1uXXX").isEmpty(), "wrong suffix");
        assertTrue(SalesforceIds.toCaseSafe("alice@example.com").isEmpty());
        assertTrue(SalesforceIds.toCaseSafe(null).isEmpty());
    }
}
