;; recurse.wat — runs "forever" without a single loop: $tree(n) calls itself
;; twice with n-1 (2^48 calls), so only the function-entry check can stop it
;; (tests/limits/time.sh).  The depth stays at 48: no stack exhaustion.
(module
  (memory (export "memory") 1)
  (global $calls (mut i64) (i64.const 0))
  (func $tree (param $n i32)
    (global.set $calls (i64.add (global.get $calls) (i64.const 1)))
    (if (local.get $n)
      (then
        (call $tree (i32.sub (local.get $n) (i32.const 1)))
        (call $tree (i32.sub (local.get $n) (i32.const 1))))))
  (func $main (export "_start")
    (call $tree (i32.const 48))))
