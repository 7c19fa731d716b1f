;; memory.atomic.wait32 (threads proposal) on an unshared memory.
(module
  (memory 1 1)
  (func $waiter (result i32)
    (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
)
