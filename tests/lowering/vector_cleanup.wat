;; A vectorised loop that clang unrolled for wasm32, written by hand in its
;; shape: c[j] += a[k] * b[j] two elements per iteration, with a[k]
;; loaded again after every store to c (a may be an element of c).  LLVM
;; vectorises it as interleaved groups (c[j], c[j+1]) behind a runtime check
;; of c against a and b, with the two loads of a[k] as two values: lanes
;; split into even and odd, multiplied and added apart, and interleaved
;; again, six shuffles per four doubles.  The cleanup after vectorisation
;; (targets/targets.c, -extra-vectorizer-passes) merges the two loads of
;; a[k], whereupon the shuffles cancel out.
;;   axpy2: c, a, b apart (the vector loop runs) and a inside c (the checks
;;   send it to the scalar loop: a[k] changes when c[5] is stored).
;; 4 checks.  Codegen check (tests/lowering/run.sh, -O2, x86-64): axpy2 has
;; packed multiplies and at most the one unpcklpd of a[k]'s broadcast.
;; expect-asm-x86_64: axpy2 1 mulpd
;; expect-asm-x86_64: axpy2 0-1 unpck[lh]pd
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 64) "FAIL vector_cleanup.wat: ")
  (data (i32.const 512) "\nok  checks\n")
  (global $checks (mut i32) (i32.const 0))
  (global $failures (mut i32) (i32.const 0))

  (func $write (param $p i32) (param $n i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  ;; case names are 8 bytes at 0x400 + 8 * id
  (func $check (param $id i32) (param $got i64) (param $exp i64)
    (global.set $checks (i32.add (global.get $checks) (i32.const 1)))
    (if (i64.ne (local.get $got) (local.get $exp))
      (then
        (global.set $failures (i32.add (global.get $failures) (i32.const 1)))
        (call $write (i32.const 64) (i32.const 25))
        (call $write (i32.add (i32.const 0x400) (i32.shl (local.get $id) (i32.const 3))) (i32.const 8))
        (call $write (i32.const 512) (i32.const 1)))))
  (func $report (local $n i32) (local $p i32)
    (call $write (i32.const 513) (i32.const 3))
    (local.set $n (global.get $checks))
    (local.set $p (i32.const 48))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (call $write (local.get $p) (i32.sub (i32.const 48) (local.get $p)))
    (call $write (i32.const 516) (i32.const 8)))
  (data (i32.const 0x400) "apart   apart2  inside  inside2 ")

  ;; for (j = 0; j < n; j += 2) { c[j] += *a * b[j]; c[j+1] += *a * b[j+1]; }  (n even, > 0)
  (func $axpy2 (export "axpy2") (param $c i32) (param $a i32) (param $b i32) (param $n i32) (local $j i32)
    (local.set $n (i32.and (local.get $n) (i32.const -2))) ;; as clang's remainder split leaves it
    (loop $l
      (f64.store (local.get $c)
        (f64.add (f64.mul (f64.load (local.get $a)) (f64.load (local.get $b))) (f64.load (local.get $c))))
      (f64.store offset=8 (local.get $c)
        (f64.add (f64.mul (f64.load (local.get $a)) (f64.load offset=8 (local.get $b))) (f64.load offset=8 (local.get $c))))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 2))) (local.get $n)))))

  ;; c[j] = j, b[j] = 2j + 1 (doubles at 0x1000 and 0x2000), j < 64
  (func $fill (local $j i32)
    (loop $l
      (f64.store offset=0x1000 (i32.shl (local.get $j) (i32.const 3)) (f64.convert_i32_u (local.get $j)))
      (f64.store offset=0x2000 (i32.shl (local.get $j) (i32.const 3))
        (f64.convert_i32_u (i32.add (i32.shl (local.get $j) (i32.const 1)) (i32.const 1))))
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 64)))))
  ;; sum of c[0..64) as an integer, and c[j] for one j
  (func $sum (result i64) (local $j i32) (local $s f64)
    (loop $l
      (local.set $s (f64.add (local.get $s) (f64.load offset=0x1000 (i32.shl (local.get $j) (i32.const 3)))))
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 1))) (i32.const 64))))
    (i64.trunc_f64_s (local.get $s)))

  (func $_start (export "_start")
    ;; a = 3 at 0x3000: c[j] = j + 3 (2j + 1) = 7j + 3; sum = 7 * 2016 + 192
    (call $fill)
    (f64.store (i32.const 0x3000) (f64.const 3))
    (call $axpy2 (i32.const 0x1000) (i32.const 0x3000) (i32.const 0x2000) (i32.const 64))
    (call $check (i32.const 0) (call $sum) (i64.const 14304))
    (call $check (i32.const 1) (i64.trunc_f64_s (f64.load offset=80 (i32.const 0x1000))) (i64.const 73))
    ;; a = &c[5]: c[j] = j + 5 (2j + 1) for j <= 5 (c[5] becomes 60), then j + 60 (2j + 1)
    (call $fill)
    (call $axpy2 (i32.const 0x1000) (i32.const 0x1028) (i32.const 0x2000) (i32.const 64))
    ;; sum = sum_{j<=5} (11j + 5) + sum_{j=6}^{63} (121j + 60)
    (call $check (i32.const 2) (call $sum) (i64.const 245796))
    (call $check (i32.const 3) (i64.trunc_f64_s (f64.load offset=80 (i32.const 0x1000))) (i64.const 1270))
    (call $report)
    (call $proc_exit (global.get $failures)))
)
