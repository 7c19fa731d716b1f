;; Two memories (multi-memory proposal): rejected while reading, at the
;; second memory.
(module
  (memory $a 1)
  (memory $b 1)
  (func (result i32) (i32.load $b (i32.const 0)))
)
