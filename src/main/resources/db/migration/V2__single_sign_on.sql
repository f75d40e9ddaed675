-- Single sign-on state shared by every connector node: outstanding AuthnRequests, the assertion replay cache and
-- browser sessions. Runs unchanged on H2 2.x and PostgreSQL. Secrets are stored only as SHA-256 hex digests.

-- AuthnRequests sent to the IdP and not answered yet. A response may only answer a request issued to the same
-- browser, which proves it by a cookie whose SHA-256 digest is browser_binding_hash.
CREATE TABLE sso_authn_request (
    request_id           VARCHAR(128)             NOT NULL PRIMARY KEY,
    browser_binding_hash CHAR(64)                 NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sso_authn_request_expires_idx ON sso_authn_request (expires_at);

-- IDs of accepted assertions, kept until the assertion can no longer pass the time checks.
CREATE TABLE sso_assertion_replay (
    assertion_id VARCHAR(256)             NOT NULL PRIMARY KEY,
    accepted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sso_assertion_replay_expires_idx ON sso_assertion_replay (expires_at);

-- Browser sessions. The cookie holds a random session id and only its SHA-256 digest is stored here.
-- salesforce_id refers to directory_user.salesforce_id without a foreign key, so the directory import can replace
-- users freely. Every page view looks the user up again and ends the session when the user is gone or inactive.
CREATE TABLE sso_session (
    session_hash  CHAR(64)                 NOT NULL PRIMARY KEY,
    salesforce_id VARCHAR(18)              NOT NULL,
    name_id       VARCHAR(512),
    session_index VARCHAR(256),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sso_session_expires_idx ON sso_session (expires_at);
CREATE INDEX sso_session_user_idx ON sso_session (salesforce_id);
