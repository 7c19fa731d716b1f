;; blocked.wat — blocks in the host: argv[1] (read by args_get) selects
;;   r  fd_read of fd 0 (a pipe that never gets data)
;;   p  poll_oneoff on fd 0 readable, no clock
;;   s  poll_oneoff on a 60 s clock only (a sleep)
;;   a  sock_accept on fd 3 (compile with --tcp-listen; nobody connects)
;; and prints "unblocked" if the call ever returns (tests/limits/time.sh).
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; 0: iovec {ptr 16, len 16}; 8: nread / nevents; 16..32: buffer
  ;; 64: subscription (48 bytes); 128: event (32 bytes); 256: "unblocked\n"
  ;; 512: argv pointers; 1024: argv strings
  (data (i32.const 256) "unblocked\n")
  (func $blocked (export "_start")
    (local $mode i32)
    (drop (call $args_sizes_get (i32.const 496) (i32.const 500)))
    (drop (call $args_get (i32.const 512) (i32.const 1024)))
    (local.set $mode (i32.load8_u (i32.load (i32.const 516))))
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 16))
    (i64.store (i32.const 64) (i64.const 7))                   ;; userdata
    (if (i32.eq (local.get $mode) (i32.const 114))             ;; 'r'
      (then (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))))
    (if (i32.eq (local.get $mode) (i32.const 112))             ;; 'p'
      (then
        (i32.store8 (i32.const 72) (i32.const 1))              ;; eventtype fd_read
        (i32.store (i32.const 80) (i32.const 0))               ;; fd 0
        (drop (call $poll_oneoff (i32.const 64) (i32.const 128) (i32.const 1) (i32.const 8)))))
    (if (i32.eq (local.get $mode) (i32.const 115))             ;; 's'
      (then
        (i32.store8 (i32.const 72) (i32.const 0))              ;; eventtype clock
        (i32.store (i32.const 80) (i32.const 1))               ;; monotonic
        (i64.store (i32.const 88) (i64.const 60000000000))     ;; 60 s, relative
        (drop (call $poll_oneoff (i32.const 64) (i32.const 128) (i32.const 1) (i32.const 8)))))
    (if (i32.eq (local.get $mode) (i32.const 97))              ;; 'a'
      (then (drop (call $sock_accept (i32.const 3) (i32.const 0) (i32.const 8)))))
    (i32.store (i32.const 0) (i32.const 256))
    (i32.store (i32.const 4) (i32.const 10))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
