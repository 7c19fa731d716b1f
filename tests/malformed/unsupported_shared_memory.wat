;; A shared memory (threads proposal): rejected while reading, before any
;; atomic instruction in the code is seen.
(module
  (memory 1 1 shared)
  (func (result i32) (i32.atomic.load (i32.const 0)))
)
