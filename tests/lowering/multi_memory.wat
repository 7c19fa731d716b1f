;; Multi-memory and memory64 (written by hand): memory 0 (i32, the WASI
;; memory: Segue's on x86-64), memory 1 (i32, max 3 pages, its own
;; reservation and guard region) and memory 2 (i64, explicit checks) are
;; distinct; loads and stores with offsets in each, a store to one never shows
;; in another; memory.size/grow per memory (grow past a maximum: -1, the
;; others unchanged; i64 sizes); memory.copy between every pair of kinds (i32
;; <-> i32, i32 <-> i64, within one memory, overlapping); memory.fill and
;; memory.init into memories 1 and 2; active data segments for memories 1 and
;; 2 and data.drop; SIMD loads and stores on memories 1 and 2.  Each failing
;; check prints "FAIL multi_memory.wat: check N".
;; node: skip (Node 20's V8 has no multi-memory)
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory $m0 (export "memory") 1)
  (memory $m1 1 3)
  (memory $m2 i64 1 2)
  (data (i32.const 64) "FAIL multi_memory.wat: check ")
  (data (i32.const 128) "ok  checks\n")
  (data (memory $m1) (i32.const 1000) "one")
  (data (memory $m2) (i64.const 2000) "two")
  (data $pass "passive!")
  (global $checks (mut i32) (i32.const 0))
  (global $failures (mut i32) (i32.const 0))
  (global $opaque_zero (export "opaque_zero") (mut i32) (i32.const 0))

  (func $o (param i32) (result i32) (i32.xor (local.get 0) (global.get $opaque_zero)))
  (func $o64 (param i64) (result i64) (i64.xor (local.get 0) (i64.extend_i32_u (global.get $opaque_zero))))
  (func $write (param $p i32) (param $n i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  ;; decimal digits of n ending at byte 48, returns their start
  (func $digits (param $n i32) (result i32) (local $p i32)
    (local.set $p (i32.const 48))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (local.get $p))
  (func $ck (param $got i64) (param $exp i64) (local $p i32)
    (global.set $checks (i32.add (global.get $checks) (i32.const 1)))
    (if (i64.ne (local.get $got) (local.get $exp))
      (then
        (global.set $failures (i32.add (global.get $failures) (i32.const 1)))
        (call $write (i32.const 64) (i32.const 29))
        (local.set $p (call $digits (global.get $checks)))
        (call $write (local.get $p) (i32.sub (i32.const 48) (local.get $p)))
        (i32.store8 (i32.const 48) (i32.const 10))
        (call $write (i32.const 48) (i32.const 1)))))
  (func $ck32 (param i32 i32) (call $ck (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1))))

  (func $t_distinct
    (i32.store $m0 offset=8 (call $o (i32.const 200)) (i32.const 0x11111111))
    (i32.store $m1 offset=8 (call $o (i32.const 200)) (i32.const 0x22222222))
    (i64.store $m2 offset=8 (call $o64 (i64.const 200)) (i64.const 0x3333333344444444))
    (call $ck32 (i32.load $m0 (i32.const 208)) (i32.const 0x11111111))                  ;; 1
    (call $ck32 (i32.load $m1 (call $o (i32.const 208))) (i32.const 0x22222222))        ;; 2
    (call $ck (i64.load $m2 (call $o64 (i64.const 208))) (i64.const 0x3333333344444444)) ;; 3
    (call $ck32 (i32.load16_u $m1 offset=2 (i32.const 206)) (i32.const 0x2222))         ;; 4
    (call $ck (i64.load32_s $m2 offset=0x10 (i64.const 0xffec)) (i64.const 0))         ;; 5 (last word of memory 2)
    (i64.store8 $m2 (i64.const 0xffff) (i64.const 0x7f))
    (call $ck32 (i32.load8_u $m2 (call $o64 (i64.const 0xffff))) (i32.const 0x7f))      ;; 6
    (call $ck32 (i32.load8_u $m1 (i32.const 0xffff)) (i32.const 0))                     ;; 7
    ;; active segments
    (call $ck32 (i32.load8_u $m1 (i32.const 1001)) (i32.const 0x6e))                    ;; 8 'n'
    (call $ck32 (i32.load8_u $m2 (i64.const 2002)) (i32.const 0x6f))                    ;; 9 'o'
    (call $ck32 (i32.load8_u $m0 (i32.const 1001)) (i32.const 0)))                      ;; 10

  (func $t_size_grow
    (call $ck32 (memory.size $m1) (i32.const 1))                                        ;; 11
    (call $ck32 (memory.grow $m1 (call $o (i32.const 1))) (i32.const 1))                ;; 12
    (call $ck32 (memory.grow $m1 (call $o (i32.const 2))) (i32.const -1))               ;; 13 past max 3
    (call $ck32 (memory.grow $m1 (i32.const 1)) (i32.const 2))                          ;; 14
    (call $ck32 (memory.size $m1) (i32.const 3))                                        ;; 15
    (call $ck32 (memory.size $m0) (i32.const 1))                                        ;; 16
    (call $ck (memory.size $m2) (i64.const 1))                                          ;; 17
    (call $ck (memory.grow $m2 (call $o64 (i64.const 0x100000000))) (i64.const -1))     ;; 18
    (call $ck (memory.grow $m2 (i64.const 1)) (i64.const 1))                            ;; 19
    (call $ck (memory.grow $m2 (i64.const 1)) (i64.const -1))                           ;; 20 past max 2
    (call $ck (memory.size $m2) (i64.const 2))                                          ;; 21
    ;; the new pages are addressable, and zero
    (i32.store $m1 (i32.const 0x2fffc) (i32.const 0x55))
    (call $ck32 (i32.load $m1 (call $o (i32.const 0x2fffc))) (i32.const 0x55))          ;; 22
    (call $ck (i64.load $m2 (call $o64 (i64.const 0x1fff8))) (i64.const 0)))            ;; 23

  (func $t_bulk
    ;; memory 1 -> memory 0, memory 0 -> memory 2, memory 2 -> memory 1
    (memory.copy $m0 $m1 (i32.const 300) (i32.const 1000) (call $o (i32.const 3)))
    (call $ck32 (i32.load8_u $m0 (i32.const 302)) (i32.const 0x65))                    ;; 24 'e'
    (memory.copy $m2 $m0 (i64.const 400) (i32.const 300) (call $o (i32.const 3)))
    (call $ck32 (i32.load8_u $m2 (i64.const 400)) (i32.const 0x6f))                     ;; 25 'o'
    (memory.copy $m1 $m2 (i32.const 500) (i64.const 2000) (call $o (i32.const 3)))
    (call $ck32 (i32.load16_u $m1 (i32.const 500)) (i32.const 0x7774))                  ;; 26 "tw"
    ;; within memory 1, overlapping (memmove)
    (memory.copy $m1 $m1 (i32.const 501) (i32.const 500) (i32.const 3))
    (call $ck32 (i32.load $m1 (i32.const 500)) (i32.const 0x6f777474))                  ;; 27 "ttwo"
    ;; within memory 2 (i64 length)
    (memory.copy $m2 $m2 (i64.const 3000) (i64.const 2000) (call $o64 (i64.const 3)))
    (call $ck32 (i32.load8_u $m2 (i64.const 3002)) (i32.const 0x6f))                    ;; 28
    ;; fill
    (memory.fill $m1 (i32.const 600) (i32.const 0x1ab) (call $o (i32.const 4)))
    (call $ck32 (i32.load $m1 (i32.const 600)) (i32.const 0xabababab))                  ;; 29
    (memory.fill $m2 (i64.const 600) (i32.const 0xcd) (call $o64 (i64.const 2)))
    (call $ck32 (i32.load $m2 (i64.const 600)) (i32.const 0xcdcd))                      ;; 30
    (call $ck32 (i32.load $m0 (i32.const 600)) (i32.const 0))                           ;; 31
    ;; init from a passive segment, then drop it
    (memory.init $m1 $pass (i32.const 700) (i32.const 1) (call $o (i32.const 3)))
    (call $ck32 (i32.load8_u $m1 (i32.const 702)) (i32.const 0x73))                     ;; 32 's'
    (memory.init $m2 $pass (i64.const 700) (i32.const 4) (call $o (i32.const 4)))
    (call $ck32 (i32.load $m2 (i64.const 700)) (i32.const 0x21657669))                  ;; 33 "ive!"
    (data.drop $pass)
    (memory.init $m2 $pass (i64.const 700) (i32.const 0) (i32.const 0)))

  (func $t_simd
    (v128.store $m1 offset=16 (i32.const 800) (v128.const i32x4 1 2 3 4))
    (call $ck32 (i32x4.extract_lane 2 (v128.load $m1 (call $o (i32.const 816)))) (i32.const 3)) ;; 34
    (v128.store $m2 offset=16 (i64.const 800) (v128.const i32x4 5 6 7 8))
    (call $ck32 (i32x4.extract_lane 3 (v128.load $m2 (call $o64 (i64.const 816)))) (i32.const 8)) ;; 35
    (call $ck32 (i32x4.extract_lane 0 (v128.load32_splat $m2 (i64.const 820))) (i32.const 6))   ;; 36
    (call $ck32 (i32.load $m0 (i32.const 820)) (i32.const 0)))                                  ;; 37

  (func $_start (export "_start") (local $p i32)
    (call $t_distinct)
    (call $t_size_grow)
    (call $t_bulk)
    (call $t_simd)
    (local.set $p (call $digits (global.get $checks)))
    (call $write (i32.const 128) (i32.const 3))
    (call $write (local.get $p) (i32.sub (i32.const 48) (local.get $p)))
    (call $write (i32.const 131) (i32.const 8))
    (call $proc_exit (global.get $failures)))
)
