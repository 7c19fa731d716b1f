// tests/edge/node-ref.mjs — the reference for tests/edge/exe: runs a command
// module in Node (V8) with the two WASI calls the edge modules use,
// proc_exit and fd_write (fds 1 and 2), so that modules WITHOUT a memory run
// too (node:wasi's start() insists on an exported memory).
//   node node-ref.mjs x.wasm  -> the module's stdout; exit status: proc_exit's
//   code, 0 when _start returns, 134 on a trap (WebAssembly.RuntimeError,
//   RangeError for stack exhaustion, an uncaught WebAssembly.Exception)
import { readFileSync, writeSync } from 'node:fs';

class Exit { constructor(code) { this.code = code; } }
let memory = null;
const wasi = {
  proc_exit(code) { throw new Exit(code); },
  fd_write(fd, iovs, n, nwritten) {
    const dv = new DataView(memory.buffer);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const p = dv.getUint32(iovs + 8 * i, true), len = dv.getUint32(iovs + 8 * i + 4, true);
      if (fd === 1 || fd === 2) writeSync(fd, new Uint8Array(memory.buffer, p, len));
      total += len;
    }
    dv.setUint32(nwritten, total, true);
    return 0;
  },
};
let code = 0;
try {
  const mod = new WebAssembly.Module(readFileSync(process.argv[2]));
  const inst = new WebAssembly.Instance(mod, { wasi_snapshot_preview1: wasi });
  memory = inst.exports.memory ?? null;
  if (inst.exports._start) inst.exports._start();
} catch (e) {
  if (e instanceof Exit) code = e.code;
  else if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError || e instanceof WebAssembly.Exception) {
    process.stderr.write(`wasm trap (node): ${e.message}\n`);
    code = 134;
  } else { process.stderr.write(`node-ref: ${e && e.stack || e}\n`); code = 2; }
}
process.exit(code);
