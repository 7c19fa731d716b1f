;; A memory with i64 addresses (memory64 proposal): rejected while reading.
(module
  (memory i64 1)
  (func (result i32) (i32.load (i64.const 0)))
)
