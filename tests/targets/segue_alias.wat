;; tests/targets/segue_alias.wat — with Segue, LLVM must still see linear
;; memory 0 as one object addressed at offsets (docs/architecture.md,
;; "Segue"): the store to address 20 cannot overwrite address 16, so the
;; load of address 16 is forwarded from the store before it and $forward
;; contains no load.  (With constant gs addresses folded to `inttoptr`,
;; alias analysis could not tell addresses 16 and 20 apart.)
(module
  (memory 1)
  (func $forward (export "forward") (param i32) (result i32)
    (i32.store (i32.const 16) (local.get 0))
    (i32.store (i32.const 20) (i32.const 7))
    (i32.load (i32.const 16)))
  (func $_start (export "_start")
    (drop (call $forward (i32.const 3)))))
