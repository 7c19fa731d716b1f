;; An atomic access whose alignment is not the natural one (threads proposal
;; validation: atomics must state exactly their width).
(module
  (memory 1 1 shared)
  (func $narrow (result i32) (i32.atomic.load align=2 (i32.const 0)))
)
