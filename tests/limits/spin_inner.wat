;; spin_inner.wat — an infinite outer loop around a short inner loop that
;; runs 3 times per entry (the count is read from memory, so LLVM cannot
;; unroll it; the stores keep it a loop).  The inner loop is a counted one
;; (compiler/emit_limits.c: its flag is read every 64th back edge), left
;; each time before its countdown reaches 0: only the outer loop's check can
;; stop this (tests/limits/time.sh).
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "\03")
  (func $spin_inner (export "_start")
    (local $i i32)
    (loop $outer
      (local.set $i (i32.load (i32.const 0)))
      (loop $inner
        (i32.store offset=4 (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
        (local.set $i (i32.sub (local.get $i) (i32.const 1)))
        (br_if $inner (local.get $i)))
      (br $outer))))
