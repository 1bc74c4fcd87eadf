-- The people who sign in to the hub's console: operators and auditors. Passwords are kept only as
-- ASP.NET Core password hashes; repeated failures lock an account for a while.
CREATE TABLE console_accounts (
    user_name       TEXT    NOT NULL PRIMARY KEY,
    display_name    TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    agency_code     TEXT    NULL,
    password_hash   TEXT    NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NULL,
    disabled        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
