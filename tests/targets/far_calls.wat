;; tests/targets/far_calls.wat — calls across > 128 MiB of code (AArch64 `bl`
;; reaches +-128 MiB).  tests/targets/run.sh links this module with a 144 MiB
;; filler section ordered between $near and $far, so every call between them,
;; and from $near/$far into the runtime (WASI, traps), needs a linker
;; range-extension thunk.  Prints "near->far 42", "far->near 7", then traps
;; in $far_trap ("unreachable").
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "near->far 42\0afar->near 7\0a")
  (func $print (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $near (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 1)))
  (func $far (param i32) (result i32)
    ;; far -> near (backwards across the filler), then -> runtime (fd_write)
    (call $print (i32.const 16) (i32.const 13))
    (i32.add (call $near (local.get 0)) (i32.const 1)))
  (func $far_trap (unreachable))
  (type $t (func (param i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $near $far)
  (func $main (export "_start")
    ;; direct near -> far call (forwards across the filler)
    (if (i32.ne (call $far (i32.const 40)) (i32.const 42)) (then unreachable))
    ;; indirect call through the table (descriptor addresses: adrp +-4 GiB)
    (if (i32.ne (call_indirect (type $t) (i32.const 6) (i32.const 0)) (i32.const 7)) (then unreachable))
    (call $print (i32.const 29) (i32.const 12))
    (call $far_trap)))
