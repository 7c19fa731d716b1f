;; A tail call (tail calls proposal), which wasmc does not compile.  run.sh
;; assembles it with --enable-tail-call --debug-names, so the function has a
;; name-section name: the message must name it the way a trap would
;; ("tail_caller", index 1 after the import) and spell the instruction.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (func $tail_caller (param i32)
    (return_call $proc_exit (local.get 0)))
)
