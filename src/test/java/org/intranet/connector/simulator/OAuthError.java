package org.intranet.connector.simulator;

/** An OAuth 2.0 token-endpoint failure, sent as HTTP 400 {"error": ..., "error_description": ...}. */
final class OAuthError extends Exception {

    private final String error;

    OAuthError(String error, String description) {
        super(description);
        this.error = error;
    }

    String error() {
        return error;
    }
}
