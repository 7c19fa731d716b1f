;; f32x4.relaxed_madd (0xfd 0x105), which run.sh turns into 0xfd 0x114: the
;; encoding of f32x4.relaxed_dot_bf16x8_add_f32x4, withdrawn from the relaxed
;; SIMD proposal before it was standardised, so an illegal opcode.
(module
  (func $bf16 (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
)
