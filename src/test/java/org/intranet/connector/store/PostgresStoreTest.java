package org.intranet.connector.store;

class PostgresStoreTest extends StoreContractTest {

    @Override
    Database open() {
        return StoreDatabases.postgres();
    }
}
