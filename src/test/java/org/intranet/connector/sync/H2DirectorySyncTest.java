package org.intranet.connector.sync;

import java.util.UUID;

class H2DirectorySyncTest extends DirectorySyncContractTest {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }
}
