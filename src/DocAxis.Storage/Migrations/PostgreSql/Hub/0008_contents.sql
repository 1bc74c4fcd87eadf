-- Attachments of 64 KB or less are kept here, committed with their letter, instead of in a file of
-- their own (a file, its fsync, a rename and a directory sync per letter); larger content stays in
-- the content-addressed blob store. One row per distinct SHA-256, like the blob store.
CREATE TABLE contents (
    sha256  TEXT NOT NULL PRIMARY KEY,
    content BYTEA NOT NULL
);
--;;
-- Attachments are mostly compressed already (PDF, images, signed archives): trying pglz on each was
-- 6% of PostgreSQL's CPU under the benchmark's 16 KB letters, for nothing. Stored out of line, as is.
ALTER TABLE contents ALTER COLUMN content SET STORAGE EXTERNAL;
