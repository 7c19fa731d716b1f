;; spin.wat — an infinite loop (loop back-edge check): stops only through
;; --timeout (tests/limits/time.sh).
(module
  (memory (export "memory") 1)
  (func $spin (export "_start")
    (local i32)
    (loop $l
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (br $l))))
