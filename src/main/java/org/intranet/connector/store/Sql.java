package org.intranet.connector.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** JDBC conversions shared by the repositories. All timestamps are stored in UTC. */
final class Sql {

    private Sql() {
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * Binds a timestamp with its SQL type even when it is null. An untyped null makes the
     * PostgreSQL driver re-plan the statement, which splits a JDBC batch into one round
     * trip per row.
     */
    static void setTimestamp(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, timestamp(instant), Types.TIMESTAMP_WITH_TIMEZONE);
    }

    static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
