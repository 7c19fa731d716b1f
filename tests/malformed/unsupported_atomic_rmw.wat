;; An atomic read-modify-write (threads proposal) on an unshared memory (so
;; the module-level check does not fire first).  No name section: the function
;; is named by its export, "add", as a trap would name it.
(module
  (memory 1 1)
  (func (export "add") (result i32)
    (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
)
