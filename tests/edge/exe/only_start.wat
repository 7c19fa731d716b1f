;; expect-exit: 0
;; no import, no memory, no function but _start, which returns
(module (func (export "_start")))
