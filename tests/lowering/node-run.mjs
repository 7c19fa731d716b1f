// Reference runner: executes a WASI preview1 command module under Node's WASI.
//   node --no-warnings node-run.mjs x.wasm [args...]
// Exit status: the module's proc_exit code (0 if _start returns); 134 after
// printing "wasm trap (node): <message>" on stderr if the module traps
// (WebAssembly.RuntimeError, or RangeError for call stack exhaustion), or an
// exception reaches it (WebAssembly.Exception).
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';

const file = process.argv[2];
const wasi = new WASI({ version: 'preview1', args: process.argv.slice(2), env: {}, returnOnExit: true });
let rc;
try {
  const mod = await WebAssembly.compile(await readFile(file));
  const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
  rc = wasi.start(inst);
} catch (e) {
  if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError || e instanceof WebAssembly.Exception) {
    process.stderr.write(`wasm trap (node): ${e.message}\n`);
    process.exit(134);
  }
  process.stderr.write(`node-run: ${e && e.stack || e}\n`);
  process.exit(2);
}
process.exit(rc ?? 0);
