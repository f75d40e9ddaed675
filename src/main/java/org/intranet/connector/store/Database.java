package org.intranet.connector.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intranet store: a pooled connection to H2 or PostgreSQL, brought up to the newest
 * schema on open.
 *
 * <p>Migrations are the classpath resources {@code db/migration/V<n>__<name>.sql}, listed in
 * {@code db/migration/index.txt}, applied in version order, each in one transaction, and
 * recorded in {@code schema_version}. Each runs unchanged on H2 and PostgreSQL.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String MIGRATION_INDEX = "db/migration/index.txt";
    private static final Pattern MIGRATION_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private final HikariDataSource dataSource;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens a pool on the JDBC URL and applies pending migrations.
     *
     * @throws StoreException when the database cannot be reached or a migration fails
     */
    public static Database open(String jdbcUrl, String user, String password, int maxPoolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxPoolSize);
        config.setPoolName("intranet-store");
        config.setAutoCommit(true);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot connect to the intranet store at " + redactUrl(jdbcUrl)
                    + ": " + e.getMessage() + ". Check store.jdbc-url, store.user and store.password.", e);
        }
        Database database = new Database(pool);
        try {
            database.migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return database;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Applies every migration newer than the schema's recorded version. */
    void migrate() {
        try (Connection connection = dataSource.getConnection()) {
            ensureVersionTable(connection);
            Set<Integer> applied = appliedVersions(connection);
            for (Migration migration : listMigrations()) {
                if (!applied.contains(migration.version())) {
                    apply(connection, migration);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("Schema migration failed: " + e.getMessage(), e);
        }
    }

    private static void ensureVersionTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER NOT NULL PRIMARY KEY, "
                    + "name VARCHAR(200) NOT NULL, "
                    + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
    }

    private static Set<Integer> appliedVersions(Connection connection) throws SQLException {
        Set<Integer> versions = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version FROM schema_version")) {
            while (rows.next()) {
                versions.add(rows.getInt(1));
            }
        }
        return versions;
    }

    private static void apply(Connection connection, Migration migration) throws SQLException {
        LOG.info("Applying schema migration V{} {}", migration.version(), migration.name());
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : splitStatements(migration.script())) {
                statement.execute(sql);
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
                record.setInt(1, migration.version());
                record.setString(2, migration.name());
                Sql.setTimestamp(record, 3, Instant.now());
                record.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("migration V" + migration.version() + " (" + migration.name() + ") failed: "
                    + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Lists the migrations named in the index, sorted by version. */
    static List<Migration> listMigrations() {
        List<Migration> migrations = new ArrayList<>();
        for (String fileName : readResource(MIGRATION_INDEX).split("\\R")) {
            String trimmed = fileName.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher matcher = MIGRATION_NAME.matcher(trimmed);
            if (!matcher.matches()) {
                throw new StoreException("Invalid migration file name '" + trimmed + "' in " + MIGRATION_INDEX
                        + ": expected V<number>__<name>.sql");
            }
            migrations.add(new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2),
                    readResource("db/migration/" + trimmed)));
        }
        migrations.sort((a, b) -> Integer.compare(a.version(), b.version()));
        return migrations;
    }

    /** Splits a script on semicolons that end a line, after dropping whole-line comments. */
    static List<String> splitStatements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().trim();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().trim());
        }
        return statements;
    }

    private static String readResource(String name) {
        try (InputStream in = Database.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new StoreException("Missing classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("Cannot read classpath resource " + name + ": " + e.getMessage(), e);
        }
    }

    /** Drops anything after '?' or ';' so passwords given in a URL do not reach a message. */
    static String redactUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "(no URL)";
        }
        int cut = jdbcUrl.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = jdbcUrl.indexOf(separator);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return jdbcUrl.substring(0, cut);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    record Migration(int version, String name, String script) {
    }
}
