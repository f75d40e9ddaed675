package org.intranet.connector.sync;

/** A page that could not be committed to the intranet store; nothing of that page was applied. */
public class SyncStoreException extends RuntimeException {

    public SyncStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
