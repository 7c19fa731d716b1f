"""tests/fuzz/multimem.py — give a one-memory module a second memory without
changing what it computes, for diff.py (multi-memory proposal).

Binaryen 108 has no multi-memory (its IR holds one memory), so `-ttf` cannot
make such modules and its interpreter cannot run them.  diff.py therefore
runs the reference on the module -ttf made and compiles a rewritten copy
with wasmc.  transform(wasm, mode, decoy64):

  "shift"  a new, unused memory becomes memory 0 and the module's memory is
           memory 1: every memory instruction (loads, stores, SIMD loads and
           stores and their lane forms, memory.size/grow/fill/copy/init) gets
           memory index 1 (the memarg's alignment flag bit 6 and an index,
           spec 5.4.6), active data segments and the memory export name
           memory 1.  Everything wasmc does for memories k > 0 (own base and
           size, no Segue, runtime calls with the index) runs, with the
           module's own results;
  "decoy"  an unused memory is appended as memory 1: memory 0's code must
           be unchanged by another memory's presence.

The decoy memory is one page, 32- or 64-bit (decoy64), with a maximum of
one page.  Raises ValueError for what it does not decode (atomics, typed
references); the caller then leaves the module alone.
"""


def leb_u(b, i):
    """Unsigned LEB128 at b[i] -> (value, index after it)."""
    v = shift = 0
    while True:
        x = b[i]
        i += 1
        v |= (x & 0x7f) << shift
        shift += 7
        if not x & 0x80:
            return v, i


def skip_leb(b, i):
    while b[i] & 0x80:
        i += 1
    return i + 1


def enc_u(v):
    out = bytearray()
    while True:
        x = v & 0x7f
        v >>= 7
        if v:
            out.append(x | 0x80)
        else:
            out.append(x)
            return bytes(out)


def section(sid, payload):
    return bytes([sid]) + enc_u(len(payload)) + payload


# one-byte value types Binaryen 108 writes (numeric, v128, funcref,
# externref, and its pre-standard anyref/eqref/i31ref/dataref)
VALTYPES = {0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f, 0x6e, 0x6d, 0x6a, 0x69}
# 0xfd sub-opcodes with a memarg (v128.load .. v128.store, load*_zero), and
# with a memarg and a lane (load*_lane, store*_lane)
SIMD_MEMARG = set(range(0, 12)) | {92, 93}
SIMD_MEMARG_LANE = set(range(84, 92))
SIMD_LANE = set(range(21, 35))


class Rewriter:
    """Copies one function body, giving every memory instruction memory
    index `mem` (None: leave them)."""

    def __init__(self, b, mem):
        self.b, self.mem, self.out, self.i = b, mem, bytearray(), 0

    def before(self, op, sub):
        """Bytes to insert before opcode `op` (`sub`: its 0xfc/0xfd
        sub-opcode, else None); subclasses rewrite other things."""
        return b""

    def copy_to(self, j):
        self.out += self.b[self.i:j]
        self.i = j

    def leb(self):
        self.copy_to(skip_leb(self.b, self.i))

    def memarg(self):
        flags, j = leb_u(self.b, self.i)
        old = 0
        if flags & 0x40:
            old, j = leb_u(self.b, j)
        if self.mem is None:
            self.copy_to(j)
        else:
            if old != 0:
                raise ValueError("memory index %d" % old)
            self.out += enc_u(flags | 0x40) + enc_u(self.mem)
            self.i = j
        self.leb()  # offset (u32, or u64 with memory64)

    def memidx(self):
        old, j = leb_u(self.b, self.i)
        if self.mem is None:
            self.copy_to(j)
        else:
            if old != 0:
                raise ValueError("memory index %d" % old)
            self.out += enc_u(self.mem)
            self.i = j

    def blocktype(self):
        x = self.b[self.i]
        if x == 0x40 or x in VALTYPES:
            self.copy_to(self.i + 1)
        elif x & 0xc0 == 0x40:
            raise ValueError("block type 0x%02x" % x)
        else:
            self.leb()  # a type index (s33, non-negative)

    def body(self):
        b = self.b
        n, self.i = leb_u(b, 0)
        self.out += b[:self.i]
        for _ in range(n):
            self.leb()
            if b[self.i] not in VALTYPES:
                raise ValueError("local type 0x%02x" % b[self.i])
            self.copy_to(self.i + 1)
        while self.i < len(b):
            op = b[self.i]
            self.out += self.before(op, leb_u(b, self.i + 1)[0] if op in (0xfc, 0xfd) else None)
            self.copy_to(self.i + 1)
            if op in (0x02, 0x03, 0x04, 0x06):
                self.blocktype()
            elif op in (0x07, 0x08, 0x09, 0x18, 0x0c, 0x0d, 0x10, 0x12, 0x20, 0x21, 0x22, 0x23, 0x24,
                        0x25, 0x26, 0xd2, 0x41, 0x42):
                self.leb()
            elif op == 0x0e:
                cnt, _ = leb_u(b, self.i)
                for _ in range(cnt + 2):  # the count, the labels, the default
                    self.leb()
            elif op in (0x11, 0x13):
                self.leb()
                self.leb()
            elif op == 0x1c:
                cnt, _ = leb_u(b, self.i)
                self.leb()
                self.copy_to(self.i + cnt)
            elif 0x28 <= op <= 0x3e:
                self.memarg()
            elif op in (0x3f, 0x40):
                self.memidx()
            elif op == 0x43:
                self.copy_to(self.i + 4)
            elif op == 0x44:
                self.copy_to(self.i + 8)
            elif op == 0xd0:
                if b[self.i] not in VALTYPES:
                    raise ValueError("ref.null 0x%02x" % b[self.i])
                self.copy_to(self.i + 1)
            elif op == 0xfc:
                sub, _ = leb_u(b, self.i)
                self.leb()
                if sub == 8:
                    self.leb()
                    self.memidx()
                elif sub == 10:
                    self.memidx()
                    self.memidx()
                elif sub == 11:
                    self.memidx()
                elif sub in (9, 13, 15, 16, 17):
                    self.leb()
                elif sub in (12, 14):
                    self.leb()
                    self.leb()
                elif sub > 17:
                    raise ValueError("0xfc %d" % sub)
            elif op == 0xfd:
                sub, _ = leb_u(b, self.i)
                self.leb()
                if sub in SIMD_MEMARG:
                    self.memarg()
                elif sub in SIMD_MEMARG_LANE:
                    self.memarg()
                    self.copy_to(self.i + 1)
                elif sub in (12, 13):
                    self.copy_to(self.i + 16)
                elif sub in SIMD_LANE:
                    self.copy_to(self.i + 1)
                elif sub > 255:
                    raise ValueError("0xfd %d" % sub)
            elif op in (0x00, 0x01, 0x05, 0x0b, 0x0f, 0x19, 0x1a, 0x1b, 0xd1) or 0x45 <= op <= 0xc4:
                pass
            else:
                raise ValueError("opcode 0x%02x" % op)
        if self.i != len(b):
            raise ValueError("body overrun")
        return bytes(self.out)


def transform(wasm, mode, decoy64):
    """The module `wasm` (bytes, one defined memory, none imported) with a
    second memory (mode "shift" or "decoy", see above); returns bytes."""
    if wasm[:8] != b"\0asm\1\0\0\0":
        raise ValueError("not a wasm module")
    decoy = bytes([0x05 if decoy64 else 0x01, 1, 1])
    shift = mode == "shift"
    out, i = bytearray(wasm[:8]), 8
    seen_memory = False
    while i < len(wasm):
        sid = wasm[i]
        size, j = leb_u(wasm, i + 1)
        payload, i = wasm[j:j + size], j + size
        if sid == 2:  # imports: no memory among them
            n, k = leb_u(payload, 0)
            for _ in range(n):
                for _ in range(2):
                    ln, k = leb_u(payload, k)
                    k += ln
                kind = payload[k]
                k += 1
                if kind == 2:
                    raise ValueError("imported memory")
                if kind == 0:
                    k = skip_leb(payload, k)
                elif kind == 1:
                    k += 1
                    flags, k = leb_u(payload, k)
                    k = skip_leb(payload, k)
                    if flags & 1:
                        k = skip_leb(payload, k)
                elif kind == 3:
                    k += 2
                else:
                    k = skip_leb(payload, k + 1)
        elif sid == 5:
            n, k = leb_u(payload, 0)
            if n != 1:
                raise ValueError("%d memories" % n)
            mine = payload[k:]
            payload = enc_u(2) + (decoy + mine if shift else mine + decoy)
            seen_memory = True
        elif sid == 7 and shift:
            n, k = leb_u(payload, 0)
            new = bytearray(enc_u(n))
            for _ in range(n):
                ln, k2 = leb_u(payload, k)
                name_end = k2 + ln
                kind = payload[name_end]
                idx, k3 = leb_u(payload, name_end + 1)
                new += payload[k:name_end + 1] + enc_u(idx + 1 if kind == 2 else idx)
                k = k3
            payload = bytes(new)
        elif sid == 10 and shift:
            n, k = leb_u(payload, 0)
            new = bytearray(enc_u(n))
            for _ in range(n):
                ln, k = leb_u(payload, k)
                body = Rewriter(payload[k:k + ln], 1).body()
                new += enc_u(len(body)) + body
                k += ln
            payload = bytes(new)
        elif sid == 11 and shift:
            n, k = leb_u(payload, 0)
            new = bytearray(enc_u(n))
            for _ in range(n):
                flag, k = leb_u(payload, k)
                if flag == 1:
                    new += enc_u(1)
                else:
                    if flag == 2:
                        mem, k = leb_u(payload, k)
                        if mem != 0:
                            raise ValueError("data segment of memory %d" % mem)
                    elif flag != 0:
                        raise ValueError("data segment flag %d" % flag)
                    new += enc_u(2) + enc_u(1)
                    start = k
                    k = skip_leb(payload, k + 1)  # i32/i64.const N
                    if payload[k] != 0x0b:
                        raise ValueError("data segment offset is not one constant")
                    k += 1
                    new += payload[start:k]
                ln, k2 = leb_u(payload, k)
                new += payload[k:k2 + ln]
                k = k2 + ln
            payload = bytes(new)
        out += section(sid, payload)
    if not seen_memory:
        raise ValueError("no memory section")
    return bytes(out)
