SELECT count(*), sum(v) FROM t;
SELECT name FROM t WHERE v > 40 ORDER BY name;
INSERT INTO t(name, v) VALUES ('written-in-overlay', 99);
UPDATE t SET v = v + 1 WHERE name = 'a';
SELECT count(*), sum(v) FROM t;
PRAGMA integrity_check;
