package org.intranet.connector.web;

import org.intranet.connector.saml.LoginUser;
import org.intranet.connector.saml.SamlSettings;
import org.intranet.connector.saml.WebSessions;
import org.intranet.connector.saml.WebSessions.CurrentSession;

/** {@code GET /profile}: the signed-in user's directory entry and session expiry. */
public final class ProfilePageProcessor extends ProtectedPageProcessor {

    public ProfilePageProcessor(WebSessions sessions, SamlSettings settings) {
        super(sessions, settings);
    }

    @Override
    protected String render(CurrentSession session) {
        LoginUser user = session.user();
        return HtmlPages.page("Profile", "<h1>Profile</h1><dl>"
                + "<dt>Name</dt><dd>" + HtmlPages.escape(user.displayName()) + "</dd>"
                + "<dt>Username</dt><dd>" + HtmlPages.escape(user.username()) + "</dd>"
                + "<dt>Salesforce user ID</dt><dd>" + HtmlPages.escape(user.salesforceId()) + "</dd>"
                + "<dt>Session expires</dt><dd>" + HtmlPages.escape(session.record().expiresAt().toString()) + "</dd>"
                + "</dl><p><a href=\"/\">Home</a> | <a href=\"/saml/logout\">Sign out</a></p>");
    }
}
