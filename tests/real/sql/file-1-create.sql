-- file-1-create.sql: creates and fills test.db in the granted directory
-- (run first; file-2-query.sql reopens the same file in a new process).
PRAGMA journal_mode = DELETE;
PRAGMA page_size = 4096;
CREATE TABLE docs(id INTEGER PRIMARY KEY, title TEXT, body TEXT, score REAL);
CREATE INDEX docs_score ON docs(score);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO docs(title, body, score)
  SELECT 'doc ' || i, printf('%s-%d-%s', hex(i * 2654435761 % 4294967296), i, substr('lorem ipsum dolor sit amet', 1 + i % 20)), (i * 7919 % 10007) / 7.0 FROM n;
COMMIT;
UPDATE docs SET score = score * 2 WHERE id % 100 = 0;
DELETE FROM docs WHERE id % 333 = 0;
SELECT count(*), printf('%.6f', sum(score)) FROM docs;
PRAGMA integrity_check;
