;; expect-trap: out of bounds memory access in function strcmp
;; wasi-libc's strcmp (byte-identical to Debian's libc.a, which wasmc
;; recognises and calls through a word-at-a-time fast path) on two equal
;; strings with no NUL before the end of memory: the fast path must stop
;; where a word would cross the end and fall back to the original code,
;; which reads up to the last byte and traps in strcmp itself.
;; The function is tests/lowering/gen/wasi_libc_memfns.wat's $strcmp.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "before\n")
  (global $sink (mut i32) (i32.const 0))
  (func $print_before
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 7))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $_start (export "_start")
    (call $print_before)
    ;; 0xff00.. and 0xff80.. to the end: 0x80 bytes of 0x61 each (overlapping tails are equal too)
    (memory.fill (i32.const 0xff00) (i32.const 0x61) (i32.const 0x100))
    (global.set $sink (call $strcmp (i32.const 0xff00) (i32.const 0xff80))))
  (func $strcmp (param i32 i32) (result i32)
    (local i32 i32)
    local.get 1
    i32.load8_u
    local.set 2
    block  ;; label = @1
      local.get 0
      i32.load8_u
      local.tee 3
      i32.eqz
      br_if 0 (;@1;)
      local.get 3
      local.get 2
      i32.const 255
      i32.and
      i32.ne
      br_if 0 (;@1;)
      local.get 0
      i32.const 1
      i32.add
      local.set 0
      local.get 1
      i32.const 1
      i32.add
      local.set 1
      loop  ;; label = @2
        local.get 1
        i32.load8_u
        local.set 2
        local.get 0
        i32.load8_u
        local.tee 3
        i32.eqz
        br_if 1 (;@1;)
        local.get 0
        i32.const 1
        i32.add
        local.set 0
        local.get 1
        i32.const 1
        i32.add
        local.set 1
        local.get 3
        local.get 2
        i32.const 255
        i32.and
        i32.eq
        br_if 0 (;@2;)
      end
    end
    local.get 3
    local.get 2
    i32.const 255
    i32.and
    i32.sub))
