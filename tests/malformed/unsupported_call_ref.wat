;; call_ref (typed function references proposal), which wasmc does not
;; compile.  run.sh assembles it with --enable-function-references
;; --debug-names (wabt 1.0.32 writes call_ref without its type immediate), so
;; the function has a name-section name: the message must name it the way a
;; trap would ("ref_caller", index 1 after the import) and spell the
;; instruction.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (elem declare func $proc_exit)
  (func $ref_caller (param i32)
    (call_ref (local.get 0) (ref.func $proc_exit)))
)
