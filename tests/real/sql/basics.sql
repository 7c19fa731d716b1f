-- basics.sql: schema, inserts (including a recursive generator), joins,
-- aggregates, indexes, views, upserts, triggers, transactions.
.headers on
.mode list
CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT NOT NULL, city TEXT, since INTEGER);
CREATE TABLE orders(id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), amount REAL, placed TEXT);
CREATE TABLE audit(msg TEXT);
CREATE TRIGGER big_order AFTER INSERT ON orders WHEN new.amount > 990 BEGIN
  INSERT INTO audit VALUES('big order ' || new.id || ' of ' || printf('%.2f', new.amount));
END;
INSERT INTO customers(name, city, since) VALUES
  ('Ada', 'London', 2015), ('Grace', 'New York', 2012), ('Linus', 'Helsinki', 2019),
  ('Margaret', 'Boston', 2011), ('Ken', 'Murray Hill', 2010), ('Barbara', 'Boston', 2021);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO orders(customer_id, amount, placed)
  SELECT 1 + (i * 7) % 6, round(((i * 7919) % 100000) / 100.0, 2), date('2023-01-01', '+' || (i % 365) || ' days') FROM n;
SELECT count(*) AS orders, round(sum(amount), 2) AS total, min(amount), max(amount), round(avg(amount), 6) AS avg FROM orders;
SELECT c.name, c.city, count(o.id) AS n, printf('%.2f', sum(o.amount)) AS total
  FROM customers c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id ORDER BY sum(o.amount) DESC;
SELECT city, group_concat(name, '+') AS people FROM (SELECT * FROM customers ORDER BY name) GROUP BY city HAVING count(*) > 1;
CREATE INDEX orders_by_amount ON orders(amount);
SELECT id, amount FROM orders WHERE amount BETWEEN 500 AND 500.5 ORDER BY amount, id;
SELECT strftime('%m', placed) AS month, count(*), printf('%.3f', avg(amount)) FROM orders GROUP BY month ORDER BY month LIMIT 4;
CREATE VIEW loyal AS SELECT name FROM customers WHERE since < 2016;
SELECT * FROM loyal ORDER BY name;
SELECT count(*) AS audit_rows, min(msg), max(msg) FROM audit;
CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER);
INSERT INTO kv VALUES('a', 1), ('b', 2);
INSERT INTO kv VALUES('a', 10), ('c', 3) ON CONFLICT(k) DO UPDATE SET v = v + excluded.v;
SELECT * FROM kv ORDER BY k;
BEGIN;
DELETE FROM orders WHERE amount < 100;
SELECT count(*) AS after_delete FROM orders;
ROLLBACK;
SELECT count(*) AS after_rollback FROM orders;
SELECT typeof(1), typeof(1.5), typeof('x'), typeof(NULL), typeof(x'00ff'), length(x'00ff'), length(randomblob(16)), length(zeroblob(5));
SELECT upper('mixed Case'), substr('webassembly', 4, 8), replace('a-b-c', '-', '::'), instr('haystack', 'st'), trim('  pad  ') || '|';
SELECT 7 / 2, 7 / 2.0, 7 % 3, -7 % 3, 1 << 40, abs(-9223372036854775807), round(2.5), round(-2.5), round(1.005, 2);
SELECT json_object('name', name, 'since', since) FROM customers WHERE id <= 2;
SELECT json_extract('{"a":[1,2,{"b":3.5}]}', '$.a[2].b'), json_array_length('[1,2,3,4]');
