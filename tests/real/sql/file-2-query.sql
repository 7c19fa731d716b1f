-- file-2-query.sql: reopens test.db written by file-1-create.sql.
SELECT count(*), printf('%.6f', sum(score)), max(id) FROM docs;
SELECT id, title, printf('%.4f', score) FROM docs ORDER BY score DESC, id LIMIT 5;
SELECT substr(body, 1, 12), length(body) FROM docs WHERE id IN (1, 2, 999, 19999) ORDER BY id;
CREATE TABLE summary AS SELECT id / 1000 AS bucket, count(*) AS n, printf('%.3f', avg(score)) AS avg FROM docs GROUP BY bucket;
SELECT * FROM summary ORDER BY bucket LIMIT 5;
VACUUM;
PRAGMA integrity_check;
PRAGMA page_count;
