;; call_ref (typed function references proposal) in a function with no name
;; in the name section (none is written) and no export: the message must name
;; it by its index, "$1" (the import is function 0), as a trap would.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (elem declare func $proc_exit)
  (func (call_ref (i32.const 0) (ref.func $proc_exit)))
)
