package org.intranet.connector.sync;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.intranet.connector.mapping.MappingResult;
import org.intranet.connector.mapping.SalesforceIds;
import org.intranet.connector.mapping.SalesforceValues;
import org.intranet.connector.mapping.UserRecordMapper;
import org.intranet.connector.store.PageCounts;
import org.intranet.connector.store.RejectedRecordRepository;
import org.intranet.connector.store.RunRepository;
import org.intranet.connector.store.SyncRun;
import org.intranet.connector.store.SyncLockRepository;
import org.intranet.connector.store.SyncStateRepository;
import org.intranet.connector.store.Transactions;
import org.intranet.connector.store.UserRecord;
import org.intranet.connector.store.UserRepository;
import org.intranet.connector.store.Watermark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies Salesforce users into the intranet store: the full import and the incremental
 * sync. Both page through one SOQL query ordered by SystemModstamp and Id, and commit each
 * page in one transaction together with the run's counts and the watermark, so a failure
 * loses nothing and a re-run repeats at most one page. One run goes at a time across all
 * connector nodes that share the store: a lease in the store, renewed with each page, decides
 * which node runs.
 */
public final class DirectorySync {

    public static final String FULL_IMPORT = "FULL_IMPORT";
    public static final String INCREMENTAL = "INCREMENTAL";

    private static final Logger LOG = LoggerFactory.getLogger(DirectorySync.class);
    /** Name of the lease that lets one node at a time run directory syncs. */
    private static final String LEASE = "directory-sync";
    /** Name of the stored fingerprint of the mapping that the last full import used. */
    private static final String MAPPING_FINGERPRINT = "mapping-fingerprint";

    private final DataSource dataSource;
    private final UserRepository users;
    private final SyncStateRepository state;
    private final RunRepository runs;
    private final RejectedRecordRepository rejected;
    private final UserRecordMapper mapper;
    private final SalesforceQueryClient salesforce;
    private final SyncLockRepository locks;
    private final SyncSettings settings;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();
    /** This node's name in the sync lease: host name and a random suffix per process. */
    private final String nodeId;

    public DirectorySync(DataSource dataSource, UserRecordMapper mapper, SalesforceQueryClient salesforce,
            SyncSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.users = new UserRepository(dataSource);
        this.state = new SyncStateRepository(dataSource);
        this.runs = new RunRepository(dataSource);
        this.rejected = new RejectedRecordRepository(dataSource);
        this.locks = new SyncLockRepository(dataSource);
        this.mapper = mapper;
        this.salesforce = salesforce;
        this.settings = settings;
        this.clock = clock;
        this.nodeId = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    /**
     * Returns whether the import at start-up should run: always, never, or auto (when the
     * store is empty or the mapping changed since the last full import).
     */
    public boolean isStartupImportDue(String mode) {
        return switch (mode) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> storeNeedsFullImport();
            default -> throw new IllegalArgumentException("sync.startup-import='" + mode
                    + "' is invalid: use auto, always or never.");
        };
    }

    /**
     * Returns whether the store is empty, or was last imported with a mapping that reads other
     * fields or transforms them differently, so that values are missing or stale.
     */
    private boolean storeNeedsFullImport() {
        if (users.countUsers() == 0) {
            return true;
        }
        Optional<String> imported = locks.stateValue(MAPPING_FINGERPRINT);
        if (imported.isEmpty() || !imported.get().equals(mapper.mapping().fingerprint())) {
            LOG.info("Directory sync: the profile mapping changed since the last full import, so a full import runs");
            return true;
        }
        LOG.info("Directory sync: the store is populated with the current mapping, so no import runs at start-up");
        return false;
    }

    /** Imports every Salesforce user; returns the run, or null when another run is in progress. */
    public SyncRun fullImport() {
        return run(FULL_IMPORT, null);
    }

    /**
     * Applies the users changed since the watermark; without a watermark it imports every
     * user. Returns the run, or null when another run is in progress.
     */
    public SyncRun incrementalSync() {
        Optional<Watermark> watermark = state.watermark(SyncStateRepository.DIRECTORY_USERS);
        if (watermark.isEmpty()) {
            LOG.info("Directory sync: no watermark yet, so the incremental sync imports every user");
        }
        return run(INCREMENTAL, watermark.map(w -> w.systemModstamp().minus(settings.watermarkOverlap()))
                .orElse(null));
    }

    private SyncRun run(String kind, Instant since) {
        if (!running.tryLock()) {
            LOG.warn("Directory sync: {} skipped because another run is in progress", kind);
            return null;
        }
        try {
            if (!locks.tryAcquire(LEASE, nodeId, clock.instant(), settings.lockLease())) {
                LOG.warn("Directory sync: {} skipped because another connector node holds the sync lease", kind);
                return null;
            }
            try {
                int interrupted = runs.markInterrupted(clock.instant());
                if (interrupted > 0) {
                    LOG.warn("Directory sync: marked {} run(s) INTERRUPTED that a stopped connector left running",
                            interrupted);
                }
                return runHoldingLease(kind, since);
            } finally {
                locks.release(LEASE, nodeId);
            }
        } finally {
            running.unlock();
        }
    }

    private SyncRun runHoldingLease(String kind, Instant since) {
        int callsBefore = salesforce.callCount();
        long runId = runs.start(kind, clock.instant());
        LOG.info("Directory sync: run {} ({}) started{}", runId, kind,
                since == null ? "" : " from SystemModstamp " + since);
        String outcome = "SUCCEEDED";
        String error = null;
        try {
            checkDeactivations(since);
            String where = since == null ? null : "SystemModstamp >= " + SalesforceValues.soqlDateTime(since);
            QueryPage page = salesforce.query(mapper.mapping().userQuery(where));
            applyPage(runId, page);
            while (!page.done() && page.nextRecordsUrl() != null) {
                page = salesforce.queryMore(page.nextRecordsUrl());
                applyPage(runId, page);
            }
        } catch (DeactivationGuardException e) {
            outcome = "STOPPED";
            error = e.getMessage();
        } catch (SalesforceCallException | SyncStoreException e) {
            outcome = "FAILED";
            error = e.getMessage();
        } catch (RuntimeException e) {
            outcome = "FAILED";
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error("Directory sync: run {} failed unexpectedly", runId, e);
        }
        SyncRun run = runs.finish(runId, outcome, salesforce.callCount() - callsBefore, error, clock.instant());
        if ("SUCCEEDED".equals(outcome) && since == null) {
            locks.saveStateValue(MAPPING_FINGERPRINT, mapper.mapping().fingerprint(), clock.instant());
        }
        logSummary(run);
        return run;
    }

    /**
     * Stops the run before it applies anything when the users it would deactivate pass the
     * configured share of active users. Salesforce is asked for the inactive users changed
     * since the watermark, and only those still active in the intranet count.
     */
    private void checkDeactivations(Instant since) {
        long active = users.countActiveUsers();
        if (active == 0) {
            return;
        }
        String where = "IsActive = false" + (since == null ? "" : " AND SystemModstamp >= "
                + SalesforceValues.soqlDateTime(since));
        Set<String> inactiveIds = new HashSet<>();
        QueryPage page = salesforce.query("SELECT Id FROM User WHERE " + where + " ORDER BY Id ASC");
        collectIds(page, inactiveIds);
        while (!page.done() && page.nextRecordsUrl() != null) {
            page = salesforce.queryMore(page.nextRecordsUrl());
            collectIds(page, inactiveIds);
        }
        int wouldDeactivate = users.activeAmong(inactiveIds).size();
        double share = (double) wouldDeactivate / active;
        if (wouldDeactivate > settings.deactivationsAlwaysAllowed() && share > settings.maxDeactivationShare()) {
            throw new DeactivationGuardException(String.format(java.util.Locale.ROOT,
                    "stopped before applying: it would deactivate %d of %d active users (%.1f%%), more than "
                            + "sync.deactivation-guard.max-share=%s allows. Check the change in Salesforce; if it "
                            + "is intended, raise sync.deactivation-guard.max-share for one run.",
                    wouldDeactivate, active, share * 100, settings.maxDeactivationShare()));
        }
    }

    private static void collectIds(QueryPage page, Set<String> ids) {
        for (JsonNode record : page.records()) {
            String id = SalesforceValues.text(record, "Id");
            if (id != null) {
                ids.add(id);
            }
        }
    }

    /** Maps one page and commits users, rejections, counts and watermark in one transaction. */
    private void applyPage(long runId, QueryPage page) {
        List<UserRecord> accepted = new ArrayList<>();
        List<MappingResult> rejections = new ArrayList<>();
        List<JsonNode> rejectedPayloads = new ArrayList<>();
        List<String> rejectedLeavers = new ArrayList<>();
        Watermark newest = null;
        for (JsonNode record : page.records()) {
            MappingResult result = mapper.map(record);
            if (result.isAccepted()) {
                accepted.add(result.user());
            } else {
                rejections.add(result);
                rejectedPayloads.add(record);
                String id = SalesforceIds.to18(result.salesforceId());
                if (id != null && record.path("IsActive").isBoolean() && !record.path("IsActive").asBoolean()) {
                    rejectedLeavers.add(id);
                }
            }
            newest = newer(newest, watermarkOf(record));
        }
        Instant now = clock.instant();
        Watermark covered = newest;
        try {
            Transactions.run(dataSource, connection -> {
                PageCounts applied = users.applyPage(connection, accepted, now);
                int leavers = users.deactivate(connection, rejectedLeavers, now);
                PageCounts counts = applied.plus(new PageCounts(0, 0, 0, leavers));
                for (int i = 0; i < rejections.size(); i++) {
                    MappingResult rejection = rejections.get(i);
                    rejected.reject(connection, runId, rejection.salesforceId(), rejectedPayloads.get(i).toString(),
                            rejection.rejectionReason(), now);
                }
                rejected.resolve(connection, accepted.stream().map(UserRecord::salesforceId).toList(), runId, now);
                runs.addCounts(connection, runId, page.records().size(), counts, rejections.size());
                if (covered != null) {
                    state.advance(connection, SyncStateRepository.DIRECTORY_USERS, covered, now);
                }
                locks.renew(connection, LEASE, nodeId, now, settings.lockLease());
                return counts;
            });
        } catch (SQLException e) {
            throw new SyncStoreException("writing a page of " + page.records().size() + " users failed: "
                    + e.getMessage(), e);
        }
        for (MappingResult rejection : rejections) {
            LOG.warn("Directory sync: run {} rejected record {}: {}", runId,
                    rejection.salesforceId() == null ? "(no Id)" : SalesforceValues.printable(rejection.salesforceId()),
                    SalesforceValues.printable(rejection.rejectionReason()));
        }
    }

    private static Watermark watermarkOf(JsonNode record) {
        String modstamp = SalesforceValues.text(record, "SystemModstamp");
        String id = SalesforceValues.text(record, "Id");
        if (modstamp == null || SalesforceIds.to18(id) == null) {
            return null;
        }
        try {
            return new Watermark(SalesforceValues.parseDateTime(modstamp), id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Watermark newer(Watermark a, Watermark b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        int byTime = a.systemModstamp().compareTo(b.systemModstamp());
        if (byTime != 0) {
            return byTime > 0 ? a : b;
        }
        return a.lastId().compareTo(b.lastId()) >= 0 ? a : b;
    }

    private static void logSummary(SyncRun run) {
        String summary = String.format(java.util.Locale.ROOT, "Directory sync: run %d (%s) %s in %.1f s: "
                        + "fetched=%d created=%d updated=%d unchanged=%d deactivated=%d rejected=%d apiCalls=%d",
                run.id(), run.kind(), run.outcome(), run.duration().toMillis() / 1000.0, run.fetched(), run.created(),
                run.updated(), run.unchanged(), run.deactivated(), run.rejected(), run.apiCalls());
        if ("SUCCEEDED".equals(run.outcome())) {
            LOG.info(summary);
        } else {
            LOG.error("{}. Reason: {}", summary, run.error());
        }
    }
}
