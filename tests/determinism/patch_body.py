#!/usr/bin/env python3
"""tests/determinism/patch_body.py IN.wasm OUT.wasm LEN — copy IN.wasm with one
same-length change in the first function body of LEN bytes: its first
`i32.const 3` (0x41 0x03) becomes `i32.const 7`.  Exits 1 when there is no
such body or constant (the test then reports it)."""
import sys


def leb(d, p):
    r = s = 0
    while True:
        b = d[p]
        p += 1
        r |= (b & 0x7F) << s
        s += 7
        if b < 0x80:
            return r, p


def main():
    src, dst, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
    d = bytearray(open(src, 'rb').read())
    p = 8
    while p < len(d):
        sid = d[p]
        n, p = leb(d, p + 1)
        end = p + n
        if sid == 10:
            count, q = leb(d, p)
            for _ in range(count):
                size, body = leb(d, q)
                if size == want:
                    at = d.find(b'\x41\x03', body, body + size)
                    if at < 0:
                        sys.exit(1)
                    d[at + 1] = 0x07
                    open(dst, 'wb').write(d)
                    return
                q = body + size
        p = end
    sys.exit(1)


main()
