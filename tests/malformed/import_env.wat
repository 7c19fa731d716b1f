;; Imports a function from module "env", which wasmc does not provide
;; (only wasi_snapshot_preview1 is): wasmc must reject the module.
(module
  (import "env" "foo" (func $foo))
  (memory (export "memory") 1)
  (func $main (export "_start") (call $foo))
)
