package org.intranet.connector.store;

class H2StoreTest extends StoreContractTest {

    @Override
    Database open() {
        return StoreDatabases.h2();
    }
}
