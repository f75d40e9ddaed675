package org.intranet.connector.sync;

/** A Salesforce API call that failed; the message carries the HTTP status and Salesforce's error codes. */
public class SalesforceCallException extends RuntimeException {

    public SalesforceCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
