package org.intranet.connector.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SP-initiated login in a real browser: headless Chromium follows the redirects, runs the
 * identity provider's auto-posting form and keeps the cookies. Runs where Chromium is
 * installed at /usr/bin/chromium, as .ci/run does.
 */
class BrowserLoginTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static SsoTestEnvironment env;

    @TempDir
    Path profile;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
        env = new SsoTestEnvironment(Map.of());
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    /** Loads the page in headless Chromium and returns the DOM after redirects and form posts settle. */
    private String renderedPage(String url) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000", "--dump-dom", url));
        Process chromium = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(chromium.waitFor(60, TimeUnit.SECONDS), "Chromium finished within 60 s");
        return dom;
    }

    @Test
    void browserLandsOnRequestedPage() throws Exception {
        env.idp.signedInAs("alice@intranet.example");

        String dom = renderedPage(env.baseUrl + "/profile");

        assertTrue(dom.contains("<h1>Profile</h1>"), dom);
        assertTrue(dom.contains(SsoTestEnvironment.ALICE_ID), dom);
        assertTrue(dom.contains("Alice &lt;Admin&gt; O'Hara"), dom);
        assertFalse(dom.contains("<img"), "the name is escaped, not markup");
    }

    @Test
    void deactivatedUserSeesPlainRefusal() throws Exception {
        env.idp.signedInAs("carol@intranet.example");

        String dom = renderedPage(env.baseUrl + "/profile");

        assertTrue(dom.contains("Your intranet account is deactivated."), dom);
        assertFalse(dom.contains("<h1>Profile</h1>"), dom);
        assertFalse(dom.contains("Exception"), dom);
        assertEquals(-1, dom.indexOf(SsoTestEnvironment.CAROL_ID), "no user details on the refusal page");
    }
}
