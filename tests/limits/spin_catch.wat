;; spin_catch.wat — an infinite loop that goes round through an exception
;; handler: each iteration throws (the runtime's throw, called from this
;; function: no other function's entry check can stop it), catches what it
;; throws and branches back to the loop.  The back edge
;; leaves the handler; with the catch lowered to a landing pad, the loop's
;; check must sit on a path through it (compiler/emit_limits.c: a back edge
;; into a pad is checked at the end of its latch).  Only that check can stop
;; this (tests/limits/time.sh).
(module
  (memory (export "memory") 1)
  (tag $e (param i32))
  (func $spin_catch (export "_start")
    (local $n i32)
    (loop $again
      (try
        (do (throw $e (local.get $n)))
        (catch $e
          (local.set $n (i32.add (i32.const 1)))
          (br $again))))))
