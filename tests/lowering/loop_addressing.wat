;; Addresses of table lookups (compiler/nowrap.c), written by hand in the
;; shapes clang emits for wasm32.  `base + ((v & 255) << 2)` is an i32 add
;; that may wrap, so its address is zext(base + y): a 32-bit add before every
;; load unless wasmc proves that it cannot wrap (y <= 1020, and base either a
;; constant far enough below 2^32 or an address that an access has proven).
;; Then the load addresses base + y*4 directly, as native code does:
;;   crc_local: CRC-32 with its 256-entry table in the shadow stack (a local
;;     array in C), filled by a loop whose first iteration stores at sp + 0,
;;     which proves sp for the lookups after it;
;;   const_lookup: a table at a constant address.
;; And where that would be wrong, the add must keep wrapping (a folded
;; address would land in the guard region and trap):
;;   wrap_lookup: base is a parameter nothing accessed, base + y wraps;
;;   wrap_const: a constant base 256 bytes under 2^32;
;;   skip_first: the loop before the lookup computes base + (i << 2) in its
;;     header but stores only from i = 64 on, so its first iteration proves
;;     nothing about base (which is 2^32 - 256: base + 4i wraps to 0..60);
;;   walk_lookup: a pointer walking from base (stored through on its first
;;     iteration) proves base, and the lookup after the loop is folded.
;; 10 checks.  The codegen checks (tests/lowering/run.sh, -O2, x86-64; the
;; default memory base, auto, keeps these small functions on a base register,
;; --memory-base=segment would put them on gs: the patterns take either): the
;; lookups of crc_local and const_lookup and walk_lookup load from
;; (base, index, 4) or gs:(base, index, 4), and wrap_lookup's loads do not
;; (its lea is the 32-bit add that must wrap).
;; expect-asm-x86_64: crc_local 1 (movl|xorl|addl)[[:space:]]+(%gs:)?(0x[0-9a-f]+)?\(%r[a-z0-9]+,%r[a-z0-9]+,4\)
;; expect-asm-x86_64: const_lookup 1 movl[[:space:]]+(%gs:0x600\(|0x600\(%r[a-z0-9]+),%r[a-z0-9]+,4\)
;; expect-asm-x86_64: walk_lookup 1 (movl|xorl|addl)[[:space:]]+(%gs:)?(0x[0-9a-f]+)?\(%r[a-z0-9]+,%r[a-z0-9]+,4\)
;; expect-asm-x86_64: wrap_lookup 0-0 (movl|xorl|addl)[[:space:]]+(%gs:)?(0x[0-9a-f]+)?\(%r[a-z0-9]+,%r[a-z0-9]+,4\)
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 2)
  (global $sp (mut i32) (i32.const 131072))
  (data (i32.const 64) "FAIL loop_addressing.wat: ")
  (data (i32.const 512) "\nok  checks\n")
  (data (i32.const 0x300) "123456789")
  (global $checks (mut i32) (i32.const 0))
  (global $failures (mut i32) (i32.const 0))

  (func $write (param $p i32) (param $n i32)
    (i32.store (i32.const 0) (local.get $p))
    (i32.store (i32.const 4) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  ;; case names are 8 bytes at 0x400 + 8 * id
  (func $check (param $id i32) (param $got i32) (param $exp i32)
    (global.set $checks (i32.add (global.get $checks) (i32.const 1)))
    (if (i32.ne (local.get $got) (local.get $exp))
      (then
        (global.set $failures (i32.add (global.get $failures) (i32.const 1)))
        (call $write (i32.const 64) (i32.const 26))
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
  (data (i32.const 0x400) "crc9    crc4k   const   wrap    wrapc   skip    walk    walk2   ")

  ;; eight steps of the bitwise CRC
  (func $step8 (param $c i32) (result i32) (local $k i32)
    (local.set $k (i32.const 8))
    (loop $s
      (local.set $c (i32.xor (i32.shr_u (local.get $c) (i32.const 1))
        (i32.and (i32.const 0xEDB88320) (i32.sub (i32.const 0) (i32.and (local.get $c) (i32.const 1))))))
      (br_if $s (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (local.get $c))

  (func $crc_bitwise (param $crc i32) (param $buf i32) (param $n i32) (result i32)
    (local.set $crc (i32.xor (local.get $crc) (i32.const -1)))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $bytes
        (local.set $crc (call $step8 (i32.xor (local.get $crc) (i32.load8_u (local.get $buf)))))
        (local.set $buf (i32.add (local.get $buf) (i32.const 1)))
        (br_if $bytes (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
    (i32.xor (local.get $crc) (i32.const -1)))

  ;; C: uint32_t table[256]; for (i...) table[i] = step8(i);
  ;;    for (...) crc = table[(crc ^ *buf++) & 0xff] ^ (crc >> 8);
  (func $crc_local (export "crc_local") (param $crc i32) (param $buf i32) (param $n i32) (result i32)
    (local $sp i32) (local $i i32) (local $end i32)
    (local.set $sp (i32.sub (global.get $sp) (i32.const 1040)))
    (global.set $sp (local.get $sp))
    (loop $fill
      (i32.store offset=16 (i32.add (local.get $sp) (i32.shl (local.get $i) (i32.const 2)))
        (call $step8 (local.get $i)))
      (br_if $fill (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 256))))
    (local.set $crc (i32.xor (local.get $crc) (i32.const -1)))
    (local.set $end (i32.add (local.get $buf) (local.get $n)))
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $bytes
        (local.set $crc
          (i32.xor
            (i32.load offset=16
              (i32.add (local.get $sp)
                (i32.shl (i32.and (i32.xor (local.get $crc) (i32.load8_u (local.get $buf))) (i32.const 255))
                  (i32.const 2))))
            (i32.shr_u (local.get $crc) (i32.const 8))))
        (br_if $bytes (i32.ne (local.tee $buf (i32.add (local.get $buf) (i32.const 1))) (local.get $end)))))
    (global.set $sp (i32.add (local.get $sp) (i32.const 1040)))
    (i32.xor (local.get $crc) (i32.const -1)))

  ;; a table at 0x600
  (func $const_lookup (export "const_lookup") (param $v i32) (result i32)
    (i32.load (i32.add (i32.const 0x600) (i32.shl (i32.and (local.get $v) (i32.const 255)) (i32.const 2)))))

  ;; base + y wraps: must read low memory, not trap
  (func $wrap_lookup (export "wrap_lookup") (param $x i32) (param $v i32) (result i32)
    (i32.load (i32.add (local.get $x) (i32.shl (i32.and (local.get $v) (i32.const 255)) (i32.const 2)))))
  (func $wrap_const (export "wrap_const") (param $v i32) (result i32)
    (i32.load (i32.add (i32.const 0xFFFFFF00) (i32.shl (i32.and (local.get $v) (i32.const 255)) (i32.const 2)))))

  ;; the address is computed in the loop header, but stored through only from
  ;; i = 64 on: the first iteration does not access x
  (func $skip_first (export "skip_first") (param $x i32) (param $v i32) (result i32) (local $i i32) (local $a i32)
    (loop $l
      (local.set $a (i32.add (local.get $x) (i32.shl (local.get $i) (i32.const 2))))
      (if (i32.ge_u (local.get $i) (i32.const 64))
        (then (i32.store (local.get $a) (local.get $i))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 80))))
    (i32.load (i32.add (local.get $x) (i32.shl (i32.and (local.get $v) (i32.const 255)) (i32.const 2)))))

  ;; a pointer walking from x (stored through from its first iteration on)
  ;; proves x: the lookup after the loop is folded
  (func $walk_lookup (export "walk_lookup") (param $x i32) (param $v i32) (result i32) (local $p i32) (local $end i32)
    (local.set $p (local.get $x))
    (local.set $end (i32.add (local.get $x) (i32.const 1024)))
    (loop $l
      (i32.store (local.get $p) (i32.sub (local.get $end) (local.get $p)))
      (br_if $l (i32.ne (local.tee $p (i32.add (local.get $p) (i32.const 4))) (local.get $end))))
    (i32.load (i32.add (local.get $x) (i32.shl (i32.and (local.get $v) (i32.const 255)) (i32.const 2)))))

  (func $_start (export "_start") (local $i i32)
    ;; 4 KiB of pseudo-random bytes at 0x1000, a table at 0x600, a marker at 0x100
    (loop $f
      (i32.store8 offset=0x1000 (local.get $i) (i32.shr_u (i32.mul (local.get $i) (i32.const 0x9E3779B1)) (i32.const 24)))
      (br_if $f (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 4096))))
    (local.set $i (i32.const 0))
    (loop $t
      (i32.store offset=0x600 (i32.shl (local.get $i) (i32.const 2)) (i32.mul (local.get $i) (i32.const 1001)))
      (br_if $t (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 64))))
    (i32.store (i32.const 0x100) (i32.const 0x12345678))
    (call $check (i32.const 0) (call $crc_local (i32.const 0) (i32.const 0x300) (i32.const 9)) (i32.const 0xCBF43926))
    (call $check (i32.const 1) (call $crc_local (i32.const 7) (i32.const 0x1000) (i32.const 4096))
      (call $crc_bitwise (i32.const 7) (i32.const 0x1000) (i32.const 4096)))
    (call $check (i32.const 2) (call $const_lookup (i32.const 0x325)) (i32.const 37037))
    (call $check (i32.const 3) (call $wrap_lookup (i32.const 0xFFFFFF00) (i32.const 0x180)) (i32.const 0x12345678))
    (call $check (i32.const 4) (call $wrap_const (i32.const 0x380)) (i32.const 0x12345678))
    ;; stores i at 4 * (i - 64) for i = 64..79, then reads address 24
    (call $check (i32.const 5) (call $skip_first (i32.const 0xFFFFFF00) (i32.const 70)) (i32.const 70))
    (call $check (i32.const 6) (call $walk_lookup (i32.const 0x8000) (i32.const 0x105)) (i32.const 1004))
    (call $check (i32.const 7) (call $walk_lookup (i32.const 0x8000) (i32.const 0)) (i32.const 1024))
    ;; the stack pointer is back where it was, and the table lookups ran
    (call $check (i32.const 0) (global.get $sp) (i32.const 131072))
    (call $check (i32.const 1) (call $crc_local (i32.const 0) (i32.const 0x1000) (i32.const 0))
      (i32.const 0))
    (call $report)
    (call $proc_exit (global.get $failures)))
)
