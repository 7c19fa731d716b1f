;; A struct type (GC proposal).  wabt 1.0.32 cannot assemble it; run.sh uses
;; Binaryen's wasm-as --all-features.  Rejected while reading the type section.
(module
  (type $point (struct (field i32)))
  (func $make (result (ref $point)) (struct.new $point (i32.const 1)))
)
