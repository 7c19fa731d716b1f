;; f32x4.relaxed_madd (relaxed SIMD proposal, opcode 0xfd 0x105).
(module
  (func $fma (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
)
