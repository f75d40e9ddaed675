-- Coordination of directory runs across connector nodes, and small named state values.

-- A lease: the node named by holder may run directory syncs until expires_at. A run renews
-- it with every committed page, so a node that dies frees it when the lease runs out.
CREATE TABLE sync_lock (
    name       VARCHAR(64)  NOT NULL PRIMARY KEY,
    holder     VARCHAR(200) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Named values such as the fingerprint of the mapping that the last full import used.
CREATE TABLE connector_state (
    name        VARCHAR(64)   NOT NULL PRIMARY KEY,
    state_value VARCHAR(1000) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- H2 2.4 fails a CHECK constraint with "Check constraint invalid" once the connection that
-- created it has closed, as pooled connections do. The repository writes only the two valid
-- source values, so the constraint goes.
ALTER TABLE profile_field DROP CONSTRAINT profile_field_source;
