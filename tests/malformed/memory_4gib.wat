;; A valid module whose memory starts at 65536 pages (exactly 4 GiB).  wasmc's
;; run-time limit is 65535 pages (WASMC_MEMORY_LIMIT_PAGES; generated code
;; relies on it), so it must be refused at compile time with a clear message.
(module
  (memory (export "memory") 65536)
  (func $main (export "_start"))
)
