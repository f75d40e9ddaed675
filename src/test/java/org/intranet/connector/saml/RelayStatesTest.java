package org.intranet.connector.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelayStatesTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/profile", "/profile?tab=1&x=%20y", "/a/b#c"})
    void localPathsKept(String path) {
        assertEquals(path, RelayStates.safeTarget(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
            "javascript:alert(1)", "evil.example", "/%2f%2fevil.example", "/%5cevil.example", "/a\r\nSet-Cookie:x",
            "/a%0d%0aSet-Cookie:x", " /profile", "/pro file", "", "http:/evil.example", "/\u0000", "/\u2028x"})
    void unsafeValuesLandOnRoot(String value) {
        assertEquals("/", RelayStates.safeTarget(value));
    }

    @org.junit.jupiter.api.Test
    void nullAndLongValuesLandOnRoot() {
        assertEquals("/", RelayStates.safeTarget(null));
        assertEquals("/", RelayStates.safeTarget("/" + "a".repeat(RelayStates.MAX_LENGTH)));
    }
}
