package org.intranet.connector.sync;

import java.time.Duration;

/**
 * Settings of the directory sync.
 *
 * @param batchSize records per Salesforce query page
 * @param maxDeactivationShare the share of active intranet users, from 0 to 1, that one run
 *     may deactivate before it stops
 * @param deactivationsAlwaysAllowed deactivations per run that pass whatever the share, so
 *     small directories are not blocked by one leaver
 * @param watermarkOverlap how far before the watermark an incremental run starts, to catch
 *     changes that Salesforce makes visible after later ones
 * @param lockLease how long a node holds the sync lease without committing a page
 */
public record SyncSettings(int batchSize, double maxDeactivationShare, int deactivationsAlwaysAllowed,
        Duration watermarkOverlap, Duration lockLease) {
}
