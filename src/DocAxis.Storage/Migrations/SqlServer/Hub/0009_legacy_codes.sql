-- An agency's older QCVN 102 code (e.g. 28.22.H17), which edXML packages still carry; nodes map
-- it to the current code through the directory. At most one agency per older code.
ALTER TABLE agencies ADD legacy_code NVARCHAR(20) NULL;
-- Compiled when it runs, after the column exists (one batch is compiled as a whole).
EXEC ('CREATE UNIQUE INDEX agencies_legacy_code ON agencies (legacy_code) WHERE legacy_code IS NOT NULL');
