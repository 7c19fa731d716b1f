from watgen import Module

def build():
    m = Module('start.wat', header='''\
The start function runs exactly once, at instantiation, after the active data
and element segments are applied and before _start; its effects on globals,
memory and tables are visible to _start.''')
    m.field('''(global $runs (mut i32) (i32.const 0))
(global $seen_data (mut i32) (i32.const 0))
(global $seen_elem (mut i32) (i32.const -1))
(table $tab 2 funcref)
(elem (i32.const 0) func $seven)
(type $t_v_i (func (result i32)))
(data (i32.const 0x10000) "\\de\\c0\\ad\\0b")
(func $seven (type $t_v_i) (i32.const 7))
(func $init
  (global.set $runs (i32.add (global.get $runs) (i32.const 1)))
  (global.set $seen_data (i32.load (i32.const 0x10000)))
  (global.set $seen_elem (call_indirect $tab (type $t_v_i) (i32.const 0)))
  (i32.store (i32.const 0x10004) (i32.const 0x5eed))
  (table.set $tab (i32.const 1) (ref.func $seven)))
(start $init)''')
    m.group('t_start')
    m.check('i32', 'start-ran-once', '(global.get $runs)', 1)
    m.check('i32', 'start-saw-data-segment', '(global.get $seen_data)', 0x0badc0de)
    m.check('i32', 'start-saw-elem-segment', '(global.get $seen_elem)', 7)
    m.check('i32', 'start-memory-write-visible', '(i32.load (i32.const 0x10004))', 0x5eed)
    m.check('i32', 'start-table-write-visible', '(ref.is_null (table.get $tab (i32.const 1)))', 0)
    return m
