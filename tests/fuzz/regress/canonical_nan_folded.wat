;; tests/fuzz/diff.py seed 100057, reduced: with --canonical-nans an f64.add
;; of a NaN constant, which the IR builder folds before the canonicalising
;; pass can see an instruction, must still store the canonical NaN
;; (exit 42), not the payload LLVM's folder propagates
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (f64.store (i32.const 3) (f64.add (f64.const -nan:0xfffffffffff97) (f64.const -31.944)))
    (f32.store (i32.const 16) (f32.mul (f32.const nan:0x200) (f32.const 2)))
    (call $exit
      (select (i32.const 42) (i32.const 1)
        (i32.and
          (i64.eq (i64.load (i32.const 3)) (i64.const 0x7ff8000000000000))
          (i32.eq (i32.load (i32.const 16)) (i32.const 0x7fc00000)))))))
