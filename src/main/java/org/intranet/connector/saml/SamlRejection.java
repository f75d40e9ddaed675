package org.intranet.connector.saml;

/**
 * A SAML response or login that the service provider rejects. The reason and detail go to the log, while the user
 * sees only the reason's status and generic page text.
 */
public final class SamlRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private static final String SIGN_IN_FAILED = "Sign-in failed. Open the intranet home page to sign in again.";

    /** Reasons for rejecting a response or login, each with its HTTP status and the text shown to the user. */
    public enum Reason {
        MISSING_RESPONSE(400, SIGN_IN_FAILED),
        RESPONSE_TOO_LARGE(400, SIGN_IN_FAILED),
        MALFORMED_RESPONSE(400, SIGN_IN_FAILED),
        DOCTYPE_NOT_ALLOWED(400, SIGN_IN_FAILED),
        DOCUMENT_TOO_COMPLEX(400, SIGN_IN_FAILED),
        INVALID_ID(400, SIGN_IN_FAILED),
        DUPLICATE_ID(400, SIGN_IN_FAILED),
        UNSUPPORTED_VERSION(400, SIGN_IN_FAILED),
        ASSERTION_COUNT(400, SIGN_IN_FAILED),
        STATUS_NOT_SUCCESS(403, SIGN_IN_FAILED),
        WRONG_RESPONSE_ISSUER(403, SIGN_IN_FAILED),
        WRONG_ASSERTION_ISSUER(403, SIGN_IN_FAILED),
        WRONG_DESTINATION(403, SIGN_IN_FAILED),
        STALE_RESPONSE(403, SIGN_IN_FAILED),
        SIGNATURE_MISSING(403, SIGN_IN_FAILED),
        SIGNATURE_PROFILE_INVALID(403, SIGN_IN_FAILED),
        SIGNATURE_INVALID(403, SIGN_IN_FAILED),
        SIGNATURE_ALGORITHM_NOT_ALLOWED(403, SIGN_IN_FAILED),
        DECRYPTION_KEY_MISSING(403, SIGN_IN_FAILED),
        DECRYPTION_FAILED(403, SIGN_IN_FAILED),
        NO_BEARER_CONFIRMATION(403, SIGN_IN_FAILED),
        WRONG_RECIPIENT(403, SIGN_IN_FAILED),
        SUBJECT_CONFIRMATION_EXPIRED(403, SIGN_IN_FAILED),
        SUBJECT_CONFIRMATION_IN_RESPONSE_TO(403, SIGN_IN_FAILED),
        MISSING_CONDITIONS(403, SIGN_IN_FAILED),
        ASSERTION_NOT_YET_VALID(403, SIGN_IN_FAILED),
        ASSERTION_EXPIRED(403, SIGN_IN_FAILED),
        WRONG_AUDIENCE(403, SIGN_IN_FAILED),
        MISSING_AUTHN_STATEMENT(403, SIGN_IN_FAILED),
        SESSION_EXPIRED(403, SIGN_IN_FAILED),
        UNSOLICITED_NOT_ALLOWED(403, SIGN_IN_FAILED),
        UNKNOWN_REQUEST(403, SIGN_IN_FAILED),
        REQUEST_OF_ANOTHER_BROWSER(403, SIGN_IN_FAILED),
        REQUEST_EXPIRED(403, SIGN_IN_FAILED),
        REPLAYED_ASSERTION(403, SIGN_IN_FAILED),
        MISSING_USER_IDENTIFIER(403, SIGN_IN_FAILED),
        USER_NOT_FOUND(403, "Your Salesforce account has no intranet account. Ask the intranet team to grant access."),
        USER_MISMATCH(403, SIGN_IN_FAILED),
        PROVISIONING_REJECTED(403, "Your intranet account could not be set up. Ask the intranet team for help."),
        USER_DEACTIVATED(403, "Your intranet account is deactivated. Ask the intranet team to reactivate it."),
        PORTAL_USER(403, "The intranet is for staff only. Portal and community users cannot sign in here.");

        private final int httpStatus;
        private final String userMessage;

        Reason(int httpStatus, String userMessage) {
            this.httpStatus = httpStatus;
            this.userMessage = userMessage;
        }

        public int httpStatus() {
            return httpStatus;
        }

        public String userMessage() {
            return userMessage;
        }
    }

    private final Reason reason;

    /**
     * Creates a rejection.
     *
     * @param detail text for the log: it may name ids and values of the message, but never the whole message, keys or
     *               session ids
     */
    public SamlRejection(Reason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public SamlRejection(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
