package org.intranet.connector.sync;

/**
 * Settings of the directory sync.
 *
 * @param batchSize records per Salesforce query page
 * @param maxDeactivationShare the share of active intranet users, from 0 to 1, that one run
 *     may deactivate before it stops
 * @param deactivationsAlwaysAllowed deactivations per run that pass whatever the share, so
 *     small directories are not blocked by one leaver
 */
public record SyncSettings(int batchSize, double maxDeactivationShare, int deactivationsAlwaysAllowed) {
}
