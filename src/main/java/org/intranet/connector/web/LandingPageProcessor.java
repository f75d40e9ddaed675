package org.intranet.connector.web;

import org.intranet.connector.saml.SamlSettings;
import org.intranet.connector.saml.WebSessions;
import org.intranet.connector.saml.WebSessions.CurrentSession;

/** {@code GET /}: greets the signed-in user by name. */
public final class LandingPageProcessor extends ProtectedPageProcessor {

    public LandingPageProcessor(WebSessions sessions, SamlSettings settings) {
        super(sessions, settings);
    }

    @Override
    protected String render(CurrentSession session) {
        String name = session.user().displayName() != null && !session.user().displayName().isBlank()
                ? session.user().displayName()
                : session.user().username();
        return HtmlPages.page("Intranet", "<h1>Welcome, " + HtmlPages.escape(name) + "</h1>"
                + "<p><a href=\"/profile\">Your profile</a> | <a href=\"/saml/logout\">Sign out</a></p>");
    }
}
