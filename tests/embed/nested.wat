;; nested.wat — a wasm exception never crosses the embedder's catch frame
;; (docs/exceptions.md "Traps and the embedder").  "outer" calls the host
;; import "host"."reenter", which calls back into this instance with
;; wasmc_call (a catch frame of its own, nested in the one of the call of
;; "outer"); what the callee throws and does not catch must end that inner
;; call as trap 15 (uncaught exception), not reach outer's handlers.
(module
  ;; (param which x) -> the trap code of the nested call, or 1000 + its result
  (import "host" "reenter" (func $reenter (param i32 i32) (result i32)))
  (tag $e (param i32))
  (tag $f)
  (func $deep (param i32) (result i32)
    (if (i32.eqz (local.get 0)) (then (throw $e (i32.const 7))))
    (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
  ;; which = 0
  (func (export "inner_throw") (param i32) (result i32) (throw $e (local.get 0)))
  ;; which = 1: thrown ten frames down, caught in the same nested call
  (func (export "inner_caught") (param i32) (result i32)
    (try (result i32) (do (call $deep (local.get 0))) (catch $e)))
  ;; which = 2: a tag the nested call does not catch, thrown from deeper frames
  (func (export "inner_deep") (param i32) (result i32)
    (try (result i32) (do (call $deep (local.get 0))) (catch $f (i32.const -3))))
  ;; -1 / -2: outer's handlers caught what the nested call threw (wrong)
  (func (export "outer") (param i32 i32) (result i32)
    (try (result i32)
      (do (call $reenter (local.get 0) (local.get 1)))
      (catch $e (drop) (i32.const -1))
      (catch_all (i32.const -2))))
  ;; an exception thrown to the top-level call: trap 15 there
  (func (export "direct") (result i32) (call $deep (i32.const 3))))
