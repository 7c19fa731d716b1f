;; expect-exit: 134
;; a table of 0 entries: call_indirect traps (undefined element)
(module
  (table 0 funcref)
  (type $v (func))
  (func (export "_start") (call_indirect (type $v) (i32.const 0))))
