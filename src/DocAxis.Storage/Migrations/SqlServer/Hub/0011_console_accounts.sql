-- The people who sign in to the hub's console: operators and auditors. Passwords are kept only as
-- ASP.NET Core password hashes; repeated failures lock an account for a while.
CREATE TABLE console_accounts (
    user_name       NVARCHAR(64)  NOT NULL PRIMARY KEY,
    display_name    NVARCHAR(100) NOT NULL,
    role            NVARCHAR(20)  NOT NULL,
    agency_code     NVARCHAR(20)  NULL,
    password_hash   NVARCHAR(200) NOT NULL,
    failed_attempts BIGINT        NOT NULL DEFAULT 0,
    locked_until    BIGINT        NULL,
    disabled        INT           NOT NULL DEFAULT 0,
    created_at      BIGINT        NOT NULL,
    updated_at      BIGINT        NOT NULL
);
