package org.intranet.connector.simulator;

/** A SOQL error that the REST API reports as HTTP 400 with the given Salesforce error code. */
final class SoqlException extends RuntimeException {

    private final String errorCode;

    SoqlException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    String errorCode() {
        return errorCode;
    }
}
