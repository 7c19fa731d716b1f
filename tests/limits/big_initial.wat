;; big_initial.wat — a memory of 20 pages (1,310,720 bytes) and a table of
;; 10 elements at start; exits with 7 when it runs.  Under a smaller
;; --max-memory or --max-table-elements it must not start at all.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory 20)
  (table 10 funcref)
  (func $_start (export "_start") (call $proc_exit (i32.const 7))))
