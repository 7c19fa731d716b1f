#!/usr/bin/env python3
"""tests/real/memory64/table32.py IN.wasm OUT.wasm — make the 64-bit
function table that wasm-ld 19 writes for wasm64 a 32-bit one.

clang-19/wasm-ld 19 give a wasm64 module's function table the index type
i64 (a 64-bit table, which the memory64 proposal added late): every
`call_indirect` takes an i64 index and the element segment's offset is an
`i64.const`.  wasmc rejects 64-bit tables ("unsupported 64-bit table
(memory64 proposal)", docs/architecture.md), and so do wabt 1.0.32 and
Binaryen 108.  This rewrite keeps every memory access as clang made it and
changes only the table: its limits lose the i64 flag (0x04), each
`call_indirect`/`return_call_indirect` gets an `i32.wrap_i64` of its index
(the index is the operand on top of the stack), and the element segments'
offsets become `i32.const`.  It computes the same as long as no index
reaches 2^32 (a table64 call_indirect would trap there; the wrapped one
would not), which a C program's function pointers never do.  Other table
instructions are refused (a 64-bit table.get/size/grow/... would need
more than a wrap).  Exit status 1 with one message on what it cannot do.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fuzz"))
import multimem  # noqa: E402
from multimem import enc_u, leb_u, section, skip_leb  # noqa: E402


class Narrow(multimem.Rewriter):
    def __init__(self, b):
        super().__init__(b, None)
        self.wraps = 0

    def before(self, op, sub):
        if op in (0x11, 0x13):
            self.wraps += 1
            return b"\xa7"  # i32.wrap_i64
        if op in (0x25, 0x26) or (op == 0xfc and sub is not None and 12 <= sub <= 17):
            raise ValueError("table instruction 0x%02x %s on a 64-bit table" % (op, sub))
        return b""


def narrow(wasm):
    out, i = bytearray(wasm[:8]), 8
    wraps = tables = elems = 0
    while i < len(wasm):
        sid = wasm[i]
        size, j = leb_u(wasm, i + 1)
        payload, i = wasm[j:j + size], j + size
        if sid == 4:
            n, k = leb_u(payload, 0)
            new = bytearray(enc_u(n))
            for _ in range(n):
                new.append(payload[k])  # reference type
                flags, k = leb_u(payload, k + 1)
                if flags & 0x04:
                    tables += 1
                new += enc_u(flags & ~0x04)
                end = skip_leb(payload, k)
                if flags & 1:
                    end = skip_leb(payload, end)
                new += payload[k:end]
                k = end
            payload = bytes(new)
        elif sid == 9:
            n, k = leb_u(payload, 0)
            new = bytearray(enc_u(n))
            for _ in range(n):
                flag, k2 = leb_u(payload, k)
                if flag != 0:
                    raise ValueError("element segment kind %d" % flag)
                new += payload[k:k2]
                if payload[k2] == 0x42:
                    elems += 1
                new.append(0x41 if payload[k2] in (0x41, 0x42) else payload[k2])
                k = skip_leb(payload, k2 + 1)
                if payload[k] != 0x0b:
                    raise ValueError("element segment offset is not one constant")
                cnt, k3 = leb_u(payload, k + 1)
                for _ in range(cnt):
                    k3 = skip_leb(payload, k3)
                new += payload[k2 + 1:k3]
                k = k3
            payload = bytes(new)
        elif sid == 10:
            n, k = leb_u(payload, 0)
            new = bytearray(enc_u(n))
            for _ in range(n):
                ln, k = leb_u(payload, k)
                r = Narrow(payload[k:k + ln])
                body = r.body()
                wraps += r.wraps
                new += enc_u(len(body)) + body
                k += ln
            payload = bytes(new)
        out += section(sid, payload)
    return bytes(out), tables, elems, wraps


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: table32.py IN.wasm OUT.wasm")
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    try:
        out, tables, elems, wraps = narrow(data)
    except (ValueError, IndexError) as e:
        sys.exit("table32.py: %s: %s" % (sys.argv[1], e))
    with open(sys.argv[2], "wb") as f:
        f.write(out)
    print("table32.py: %d 64-bit table(s) made 32-bit, %d element offset(s), %d call_indirect index(es) wrapped"
          % (tables, elems, wraps))


if __name__ == "__main__":
    main()
