-- analytics.sql: window functions, recursive CTEs (Fibonacci, tree walk,
-- Mandelbrot), printf of floats, floating-point aggregates, sorting.
.mode column
.headers on
CREATE TABLE sales(region TEXT, rep TEXT, month INTEGER, amount REAL);
WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM m WHERE i < 239)
INSERT INTO sales SELECT
  CASE i % 4 WHEN 0 THEN 'north' WHEN 1 THEN 'south' WHEN 2 THEN 'east' ELSE 'west' END,
  'rep' || (i % 7), 1 + i % 12, ((i * 37) % 101) * 10.25 + (i % 3) * 0.125 FROM m;
SELECT region, month, amount,
       sum(amount) OVER (PARTITION BY region ORDER BY month, rep ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running,
       rank() OVER (PARTITION BY region ORDER BY amount DESC) AS rnk,
       printf('%.4f', avg(amount) OVER (PARTITION BY region ORDER BY month, rep ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING)) AS moving_avg
  FROM sales WHERE rep = 'rep3' ORDER BY region, month LIMIT 12;
SELECT rep, printf('%10.3f', total) AS total, ntile(3) OVER (ORDER BY total DESC) AS tier,
       printf('%.6f', percent_rank() OVER (ORDER BY total)) AS pct, lag(rep) OVER (ORDER BY total DESC) AS ahead
  FROM (SELECT rep, sum(amount) AS total FROM sales GROUP BY rep) ORDER BY total DESC;
SELECT region, first_value(rep) OVER w AS best, last_value(amount) OVER w AS worst_amount, dense_rank() OVER (ORDER BY region) AS dr
  FROM sales GROUP BY region, rep
  WINDOW w AS (PARTITION BY region ORDER BY amount DESC, rep ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ORDER BY region, rep LIMIT 8;
WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT n + 1, b, a + b FROM fib WHERE n < 90)
SELECT n, a FROM fib WHERE n % 15 = 0;
CREATE TABLE tree(id INTEGER PRIMARY KEY, parent INTEGER, name TEXT);
INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, 'usr'), (3, 1, 'etc'), (4, 2, 'lib'), (5, 2, 'bin'), (6, 4, 'wasmc'), (7, 3, 'apt'), (8, 6, 'rt');
WITH RECURSIVE walk(id, path, depth) AS (
  SELECT id, name, 0 FROM tree WHERE parent IS NULL
  UNION ALL SELECT t.id, w.path || '/' || t.name, w.depth + 1 FROM tree t JOIN walk w ON t.parent = w.id ORDER BY 2)
SELECT depth, path FROM walk;
.mode list
.headers off
WITH RECURSIVE
  xaxis(x) AS (VALUES(-2.0) UNION ALL SELECT x + 0.05 FROM xaxis WHERE x < 1.2),
  yaxis(y) AS (VALUES(-1.0) UNION ALL SELECT y + 0.1 FROM yaxis WHERE y < 1.0),
  m(iter, cx, cy, x, y) AS (
    SELECT 0, x, y, 0.0, 0.0 FROM xaxis, yaxis
    UNION ALL
    SELECT iter + 1, cx, cy, x * x - y * y + cx, 2.0 * x * y + cy FROM m WHERE (x * x + y * y) < 4.0 AND iter < 28),
  m2(iter, cx, cy) AS (SELECT max(iter), cx, cy FROM m GROUP BY cx, cy),
  a(t) AS (SELECT group_concat(substr(' .+*#', 1 + min(iter / 7, 4), 1), '') FROM m2 GROUP BY cy)
SELECT group_concat(rtrim(t), x'0a') FROM a;
SELECT printf('%.17g|%.3e|%12.4f|%-8.2f|%g', 0.1 + 0.2, 6.02214076e23, -3.14159265358979, 2.5, 1e-7);
SELECT printf('%d %5d %-5d| %x %o %s %.3s %c', 42, 42, 42, 255, 8, 'str', 'truncate', 'letter');
SELECT 1e308 * 10, -1e308 * 10, 0.0 * -1, cast('3.0e2abc' AS REAL), cast(2.9 AS INTEGER), cast(-2.9 AS INTEGER), 9223372036854775807 + 1;
SELECT sum(x), total(x), avg(x), printf('%.17g', sum(x * x)) FROM (SELECT 1.0 / value AS x FROM generate_series(1, 1000));
SELECT printf('%.15g', exp(1.0)), printf('%.15g', sqrt(2.0)), printf('%.15g', pi()), printf('%.15g', ln(10)), printf('%.15g', pow(2, 0.5));
