#!/usr/bin/env python3
# tests/box/flip.py EXE OUT MARKER|@OFFSET: copy EXE to OUT with one byte of its
# .wasmc_box section flipped (at the first MARKER, or at OFFSET in the section).
import sys, struct
exe, out, what = sys.argv[1], sys.argv[2], sys.argv[3]
b = bytearray(open(exe, 'rb').read())
shoff, = struct.unpack_from('<Q', b, 0x28); shentsize, shnum, shstrndx = struct.unpack_from('<HHH', b, 0x3a)
def sh(i): return struct.unpack_from('<IIQQQQIIQQ', b, shoff + i * shentsize)
stroff = sh(shstrndx)[4]
for i in range(shnum):
    s = sh(i)
    name = b[stroff + s[0]: b.index(0, stroff + s[0])].decode()
    if name == '.wasmc_box': off, size = s[4], s[5]; break
else: sys.exit('no .wasmc_box section')
if what.startswith('@'): pos = off + int(what[1:], 0)
else:
    pos = b.find(what.encode(), off, off + size)
    if pos < 0: sys.exit('marker not found in the box section')
b[pos] ^= 0x20
open(out, 'wb').write(b)
