package org.intranet.connector.sync;

import org.intranet.connector.store.StoreDatabases;

class PostgresDirectorySyncTest extends DirectorySyncContractTest {

    @Override
    String jdbcUrl() {
        return StoreDatabases.postgresUrl();
    }
}
