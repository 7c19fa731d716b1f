;; expect-exit: 0
;; issue 17's reproducer: a memory of 0 pages and no access (crashed the compiler with Segue)
(module (func (export "_start")) (memory (export "memory") 0))
