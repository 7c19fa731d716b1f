;; tests/targets/segue_memset.wat: LLVM turns $zero's loop into llvm.memset
;; on gs-relative pointers. After optimisation, codegen.c gives that call a
;; flat pointer.
;;
;; The flat pointer's base must come from the runtime
;; (wasmc_rt_gs_memory0_base) and not from the function's instance
;; parameter. By then the parameter can be a dead argument that callers no
;; longer pass: a boxed program's memset stored through garbage.
;;
;; _start fills bytes 100..1099 with 0xff, zeroes 200..699, checks the sums
;; and exits with 0 when they are right.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory 1)
  (func $zero (param $p i32) (param $n i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get $n)))
      (i32.store8 (local.get $p) (i32.const 0))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br 0))))
  (func $sum (param $p i32) (param $n i32) (result i32) (local $s i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get $n)))
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br 0)))
    (local.get $s))
  (func $_start (export "_start") (local $i i32)
    (local.set $i (i32.const 100))
    (block (loop
      (br_if 1 (i32.ge_u (local.get $i) (i32.const 1100)))
      (i32.store8 (local.get $i) (i32.const 0xff))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br 0)))
    (call $zero (i32.const 200) (i32.const 500))
    (call $exit (i32.or
      (i32.ne (call $sum (i32.const 100) (i32.const 1000)) (i32.const 127500))
      (i32.ne (call $sum (i32.const 200) (i32.const 500)) (i32.const 0))))))
