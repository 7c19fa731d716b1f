;; return_call_indirect (tail calls proposal) in a function with no name in
;; the name section (none is written) and no export: the message must name it
;; by its index, "$1" (the import is function 0), as a trap would.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (type $t (func))
  (table 1 funcref)
  (func (return_call_indirect (type $t) (i32.const 0)))
)
