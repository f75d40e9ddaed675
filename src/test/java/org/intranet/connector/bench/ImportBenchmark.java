package org.intranet.connector.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.intranet.connector.simulator.SalesforceSimulator;
import org.intranet.connector.simulator.SimulatedOrg;
import org.intranet.connector.store.StoreDatabases;
import org.intranet.connector.store.SyncRun;
import org.intranet.connector.support.ConnectorHarness;

/**
 * Times the full import and an unchanged re-import of a generated org, through the real
 * client and the simulator, on H2 and on PostgreSQL, at several page sizes, in one JVM so
 * the rows compare side by side. Prints a Markdown table.
 *
 * <p>Arguments: user count (default 20000), repetitions per case (default 3).
 */
public final class ImportBenchmark {

    /**
     * Allocation counter of the calling thread. The sync runs on the thread that sends to
     * direct:full-import, so this counts the mapping, JSON parsing and JDBC work, but not the
     * HTTP client's own threads or the simulator's.
     */
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        SimulatedOrg org = SimulatedOrg.generate(2026, users);
        List<String> rows = new ArrayList<>();
        try (SalesforceSimulator simulator = SalesforceSimulator.start(org)) {
            // One untimed run warms up the JIT, the client and the simulator.
            runCase(simulator, "h2", 2000);
            for (String store : List.of("h2", "postgresql")) {
                for (int batchSize : List.of(200, 2000)) {
                    for (int i = 1; i <= repetitions; i++) {
                        rows.add(runCase(simulator, store, batchSize));
                    }
                }
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Users: %d, JVM max heap: %d MiB, cores: %d%n", users,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        System.out.println("| store | page size | import s | users/s | re-import s | API calls | KiB allocated per user |");
        System.out.println("|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private static String runCase(SalesforceSimulator simulator, String store, int batchSize) throws Exception {
        Map<String, String> properties = ConnectorHarness.defaults(simulator);
        Path h2Directory = null;
        if (store.equals("postgresql")) {
            properties.put("store.jdbc-url", StoreDatabases.postgresUrl());
            properties.put("store.user", "postgres");
            properties.put("store.password", "postgres");
        } else {
            // A file database, as in production, deleted after the case.
            h2Directory = Files.createTempDirectory("bench-h2");
            properties.put("store.jdbc-url", "jdbc:h2:file:" + h2Directory.resolve("intranet"));
        }
        properties.put("sync.batch-size", String.valueOf(batchSize));
        try (ConnectorHarness connector = ConnectorHarness.start(properties)) {
            long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
            SyncRun imported = connector.request("direct:full-import", SyncRun.class);
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
            SyncRun again = connector.request("direct:full-import", SyncRun.class);
            if (!"SUCCEEDED".equals(imported.outcome()) || again.unchanged() != imported.created()) {
                throw new IllegalStateException("benchmark run failed: " + imported + " / " + again);
            }
            double seconds = imported.duration().toMillis() / 1000.0;
            return String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f | %.2f | %d | %.1f |", store, batchSize,
                    seconds, imported.created() / seconds, again.duration().toMillis() / 1000.0,
                    imported.apiCalls(), allocated / imported.created() / 1024.0);
        } finally {
            if (h2Directory != null) {
                try (Stream<Path> files = Files.walk(h2Directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }
}
