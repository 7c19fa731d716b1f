;; expect-exit: 0
;; zero-length data segments at the end of memory (active and passive),
;; memory.init / fill / copy of 0 bytes at the end, then data.drop: no trap
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 65536) "")
  (data $p "")
  (data (i32.const 16) "ok\n")
  (func (export "_start")
    (memory.init $p (i32.const 65536) (i32.const 0) (i32.const 0))
    (memory.fill (i32.const 65536) (i32.const 0) (i32.const 0))
    (memory.copy (i32.const 65536) (i32.const 65536) (i32.const 0))
    (data.drop $p)
    (memory.init $p (i32.const 0) (i32.const 0) (i32.const 0))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 3))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
