;; expect-trap: uncaught exception in function thrower
;; An exception no wasm frame catches ends the program like a trap, naming
;; the function that threw it.  It passes through a try whose only clause
;; is for another tag, and a catch_all that rethrows it.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (tag $e (param i32))
  (tag $other)
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $thrower (param i32) (throw $e (local.get 0)))
  (func $_start (export "_start")
    (call $print_before)
    (try
      (do (try (do (call $thrower (i32.const 7))) (catch_all (rethrow 0))))
      (catch $other))))
