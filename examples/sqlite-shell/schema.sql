CREATE TABLE item (name TEXT PRIMARY KEY, qty INTEGER NOT NULL);
INSERT INTO item VALUES ('apple', 12), ('pear', 7), ('plum', 30), ('fig', 7);
