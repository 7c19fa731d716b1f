;; expect-exit: 134
;; any access to a memory of 0 pages traps
(module
  (memory (export "memory") 0)
  (func (export "_start") (drop (i32.load8_u (i32.const 0)))))
