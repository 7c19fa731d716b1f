from watgen import Module

def build():
    m = Module('tables.wat', header='''\
call_indirect through tables holding several function types (incl. a
structurally identical but separately declared type, a multi-value type, and
an imported WASI function), ref.null / ref.is_null / ref.func, typed select
of funcref, table.get/set/size/grow (incl. beyond max -> -1)/fill/copy (overlap
both ways)/init, elem.drop, a second funcref table and an externref table.
Traps (null entry, bad index, wrong type, table.get OOB) are in tests/traps/.''')
    m.field('''(type $t_i_i (func (param i32) (result i32)))
(type $t_ll_l (func (param i64 i64) (result i64)))
(type $t_f_f (func (param f32) (result f32)))
(type $t_v_i (func (result i32)))
(type $t_v_i2 (func (result i32)))          ;; same structure as $t_v_i
(type $t_d_di (func (param f64) (result f64 i32)))
(type $t_fdw (func (param i32 i32 i32 i32) (result i32)))

(func $inc (type $t_i_i) (i32.add (local.get 0) (i32.const 1)))
(func $dbl (type $t_i_i) (i32.shl (local.get 0) (i32.const 1)))
(func $add64 (type $t_ll_l) (i64.add (local.get 0) (local.get 1)))
(func $negf (type $t_f_f) (f32.neg (local.get 0)))
(func $const42 (type $t_v_i) (i32.const 42))
(func $split (type $t_d_di) (f64.mul (local.get 0) (f64.const 2)) (i32.trunc_f64_s (local.get 0)))
(func $f0 (type $t_v_i) (i32.const 0))
(func $f1 (type $t_v_i) (i32.const 1))
(func $f2 (type $t_v_i) (i32.const 2))
(func $f3 (type $t_v_i) (i32.const 3))
(func $f4 (type $t_v_i) (i32.const 4))
(func $f5 (type $t_v_i) (i32.const 5))
(func $f6 (type $t_v_i) (i32.const 6))
(func $f7 (type $t_v_i) (i32.const 7))

(table $t 8 10 funcref)
(elem (table $t) (i32.const 0) func $inc $dbl $add64 $negf $const42 $split $fd_write)
(table $tt 8 funcref)
(elem (table $tt) (i32.const 0) func $f0 $f1 $f2 $f3 $f4)
(elem $pe func $f5 $f6 $f7)
(elem $reset func $f0 $f1 $f2 $f3 $f4 $f5 $f6 $f7)
(table $te 4 externref)

;; id of the function in $tt[i] (calls it)
(func $id (param i32) (result i32) (call_indirect $tt (type $t_v_i) (local.get 0)))
;; store a funcref received as a parameter
(func $put (param $i i32) (param $f funcref) (table.set $tt (local.get $i) (local.get $f)))''')
    m.group('t_call_indirect')
    m.expr('i32', 'call_indirect-inc', '(call_indirect $t (type $t_i_i) {0} {1})', [('i32', 5), ('i32', 0)], 6)
    m.expr('i32', 'call_indirect-dbl', '(call_indirect $t (type $t_i_i) {0} {1})', [('i32', 5), ('i32', 1)], 10)
    m.expr('i64', 'call_indirect-add64', '(call_indirect $t (type $t_ll_l) {0} {1} {2})',
           [('i64', 0xffffffff), ('i64', 1), ('i32', 2)], 0x100000000)
    m.expr('f32', 'call_indirect-negf-snan', '(call_indirect $t (type $t_f_f) {0} {1})',
           [('f32', 'nan:0x200001'), ('i32', 3)], 0xffa00001)
    m.expr('i32', 'call_indirect-no-params', '(call_indirect $t (type $t_v_i) {0})', [('i32', 4)], 42)
    m.expr('i32', 'call_indirect-equivalent-type', '(call_indirect $t (type $t_v_i2) {0})', [('i32', 4)], 42)
    m.expr('f64', 'call_indirect-multi-value.0', '(block (result f64) (call_indirect $t (type $t_d_di) {0} {1}) drop)',
           [('f64', '2.75'), ('i32', 5)], '5.5')
    m.expr('i32', 'call_indirect-multi-value.1',
           '(block (result i32) (call_indirect $t (type $t_d_di) {0} {1}) (local.set 0) drop (local.get 0))',
           [('f64', '-2.75'), ('i32', 5)], 0xfffffffe)
    m.expr('i32', 'call_indirect-wasi-import', '(call_indirect $t (type $t_fdw) {0} {1} {2} {3} {4})',
           [('i32', 1), ('i32', 0), ('i32', 0), ('i32', 8), ('i32', 6)], 0)
    for k in range(5):
        m.expr('i32', 'call_indirect-tt[%d]' % k, '(call_indirect $tt (type $t_v_i) {0})', [('i32', k)], k)
    m.group('t_refs')
    m.check('i32', 'ref.is_null(ref.null func)', '(ref.is_null (ref.null func))', 1)
    m.check('i32', 'ref.is_null(ref.null extern)', '(ref.is_null (ref.null extern))', 1)
    m.check('i32', 'ref.is_null(ref.func)', '(ref.is_null (ref.func $inc))', 0)
    m.expr('i32', 'typed-select-funcref(1)', '(ref.is_null (select (result funcref) (ref.func $inc) (ref.null func) {0}))',
           [('i32', 1)], 0)
    m.expr('i32', 'typed-select-funcref(0)', '(ref.is_null (select (result funcref) (ref.func $inc) (ref.null func) {0}))',
           [('i32', 0)], 1)
    m.check('i32', 'table.get-nonnull', '(ref.is_null (table.get $t (i32.const 0)))', 0)
    m.check('i32', 'table.get-null', '(ref.is_null (table.get $t (call $o_i32 (i32.const 7))))', 1)
    m.check('i32', 'table.get-null-tt', '(ref.is_null (table.get $tt (i32.const 5)))', 1)
    m.group('t_table_set_grow_fill')
    m.check('i32', 'table.size', '(table.size $t)', 8)
    m.line('(table.set $t (i32.const 7) (ref.func $dbl))')
    m.expr('i32', 'call-after-table.set', '(call_indirect $t (type $t_i_i) {0} {1})', [('i32', 21), ('i32', 7)], 42)
    m.check('i32', 'table.grow(2)', '(table.grow $t (ref.null func) (i32.const 2))', 8)
    m.check('i32', 'table.size-after-grow', '(table.size $t)', 10)
    m.check('i32', 'table.get-grown-null', '(ref.is_null (table.get $t (i32.const 9)))', 1)
    m.check('i32', 'table.grow-beyond-max', '(table.grow $t (ref.null func) (call $o_i32 (i32.const 1)))', 0xffffffff)
    m.check('i32', 'table.grow(0)', '(table.grow $t (ref.func $inc) (i32.const 0))', 10)
    m.check('i32', 'table.size-unchanged', '(table.size $t)', 10)
    m.line('(table.fill $t (i32.const 8) (ref.func $inc) (i32.const 2))')
    m.expr('i32', 'call-after-table.fill', '(call_indirect $t (type $t_i_i) {0} {1})', [('i32', 5), ('i32', 9)], 6)
    m.expr('i32', 'table.fill-not-before', '(call_indirect $t (type $t_i_i) {0} {1})', [('i32', 5), ('i32', 7)], 10)
    m.line('(table.fill $t (i32.const 10) (ref.null func) (i32.const 0))')
    m.check('i32', 'table.grow-with-init', '(table.grow $tt (ref.func $f3) (i32.const 2))', 8)
    m.check('i32', 'grown-entry-callable', '(call $id (i32.const 9))', 3)
    m.line('(table.set $tt (i32.const 7) (table.get $t (i32.const 4)))')
    m.check('i32', 'table.set-from-other-table', '(call $id (i32.const 7))', 42)
    m.line('(call $put (i32.const 6) (ref.func $f6))')
    m.check('i32', 'funcref-as-param', '(call $id (i32.const 6))', 6)
    m.group('t_copy_init')
    m.line('(table.copy $tt $tt (i32.const 1) (i32.const 0) (i32.const 3))')
    for k, exp in enumerate([0, 0, 1, 2, 4]):
        m.check('i32', 'table.copy-dst>src[%d]' % k, '(call $id (i32.const %d))' % k, exp)
    m.line('(table.init $tt $reset (i32.const 0) (i32.const 0) (i32.const 8))')
    m.line('(table.copy $tt $tt (call $o_i32 (i32.const 0)) (call $o_i32 (i32.const 1)) (call $o_i32 (i32.const 3)))')
    for k, exp in enumerate([1, 2, 3, 3, 4]):
        m.check('i32', 'table.copy-dst<src[%d]' % k, '(call $id (i32.const %d))' % k, exp)
    m.line('(table.copy $t $tt (i32.const 0) (i32.const 5) (i32.const 3))')
    m.check('i32', 'table.copy-between-tables', '(call_indirect $t (type $t_v_i) (i32.const 2))', 7)
    m.line('(table.init $tt $pe (i32.const 5) (i32.const 1) (i32.const 2))')
    m.check('i32', 'table.init[5]', '(call $id (i32.const 5))', 6)
    m.check('i32', 'table.init[6]', '(call $id (i32.const 6))', 7)
    m.line('(table.init $tt $pe (i32.const 10) (i32.const 3) (i32.const 0))')
    m.line('(elem.drop $pe)')
    m.line('(table.init $tt $pe (i32.const 0) (i32.const 0) (i32.const 0))')
    m.check('i32', 'table.init-n=0-after-elem.drop', '(call $id (i32.const 0))', 1)
    m.check('i32', 'table.size-tt', '(table.size $tt)', 10)
    m.group('t_externref')
    m.check('i32', 'externref-table.size', '(table.size $te)', 4)
    m.check('i32', 'externref-table.get-null', '(ref.is_null (table.get $te (i32.const 3)))', 1)
    m.check('i32', 'externref-table.grow', '(table.grow $te (ref.null extern) (i32.const 1))', 4)
    m.line('(table.fill $te (i32.const 0) (ref.null extern) (i32.const 5))')
    m.check('i32', 'externref-table.size-after', '(table.size $te)', 5)
    return m
