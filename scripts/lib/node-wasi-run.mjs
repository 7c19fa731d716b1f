// node-wasi-run.mjs — run a wasm32-wasi command module under Node's node:wasi
// (preview1) with wasmc's grant syntax and trap reporting, as a stand-in engine
// for the end-to-end test suites (WASMC_TEST_ENGINE=node).
//
//   node node-wasi-run.mjs [--dir HOST[::GUEST]] [--dir-ro HOST[::GUEST]]
//        [--env NAME=VALUE] [--inherit-env] [--] app.wasm [args...]
//
// Extra grants are read from WASMC_FLAGS (same syntax, whitespace-separated),
// exactly like a wasmc executable.  Nothing is granted by default.  A trap prints
//   wasm trap: <message> in function <name>
// on stderr and exits with status 134 (the messages of runtime/include/wasmc_abi.h).
// Limits: --dir-ro is granted read-write (node:wasi has no read-only preopens);
// V8 reports a null and a mismatched call_indirect the same way, this maps both
// to "uninitialized element".
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
import process from 'node:process';

function parseGrants(argv, st, stopAtPositional) {
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`missing value for ${a}`);
      return argv[++i];
    };
    if (a === '--dir' || a === '--dir-ro') {
      const v = val();
      const k = v.indexOf('::');
      const host = k >= 0 ? v.slice(0, k) : v;
      const guest = k >= 0 ? v.slice(k + 2) : v;
      st.preopens[guest] = host;
    } else if (a === '--env') {
      const v = val();
      const k = v.indexOf('=');
      if (k <= 0) throw new Error(`bad --env ${v}`);
      st.env[v.slice(0, k)] = v.slice(k + 1);
    } else if (a === '--stack-size') {
      val(); // wasmc runtime option; V8's stack is set by the wrapper
    } else if (a === '--inherit-env') {
      st.inherit = true;
    } else if (a === '--') {
      i++;
      break;
    } else if (stopAtPositional) {
      break;
    } else {
      throw new Error(`WASMC_FLAGS: unknown option ${a}`);
    }
  }
  return i;
}

const st = { preopens: {}, env: {}, inherit: false };
const argv = process.argv.slice(2);
let i;
try {
  i = parseGrants(argv, st, true);
  const rt = (process.env.WASMC_FLAGS || '').split(/\s+/).filter(Boolean);
  parseGrants(rt, st, false);
} catch (e) {
  process.stderr.write(`wasmc: ${e.message}\n`);
  process.exit(2);
}
if (i >= argv.length) {
  process.stderr.write('usage: node-wasi-run.mjs [grants] app.wasm [args...]\n');
  process.exit(2);
}
const wasmPath = argv[i];
const progArgs = argv.slice(i + 1);
let env = {};
if (st.inherit) {
  for (const [k, v] of Object.entries(process.env)) if (k !== 'WASMC_FLAGS') env[k] = v;
}
Object.assign(env, st.env);

const TRAPS = [
  [/unreachable/i, 'unreachable executed'],
  [/memory access out of bounds|out of bounds memory/i, 'out of bounds memory access'],
  [/divide by zero|division by zero/i, 'integer divide by zero'],
  [/remainder by zero/i, 'integer divide by zero'],
  [/divide result unrepresentable|integer overflow/i, 'integer overflow'],
  [/float unrepresentable|invalid conversion/i, 'invalid conversion to integer'],
  [/table index is out of bounds/i, 'undefined element'],
  [/null function or function signature mismatch|null function/i, 'uninitialized element'],
  [/function signature mismatch/i, 'indirect call type mismatch'],
  [/Maximum call stack size exceeded/i, 'call stack exhausted'],
];

function trapName(e) {
  const stack = String(e && e.stack || '');
  for (const line of stack.split('\n')) {
    const m = line.match(/^\s*at (?:(\S+) )?\(?wasm:\/\/wasm\/[^:]*:wasm-function\[(\d+)\]/);
    if (!m) continue;
    if (!m[1]) return `wasm-function[${m[2]}]`;
    // V8 prefixes the module name ("app.wasm.func"): strip it.
    const k = m[1].indexOf('.wasm.');
    return (k >= 0 ? m[1].slice(k + 6) : m[1]).replace(/^\$/, '');
  }
  return '<unknown>';
}

const wasi = new WASI({ version: 'preview1', args: [wasmPath, ...progArgs], env,
                        preopens: st.preopens, returnOnExit: true });
let code;
try {
  const mod = await WebAssembly.compile(readFileSync(wasmPath));
  const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
  code = wasi.start(inst);
} catch (e) {
  const msg = String(e && e.message || e);
  const t = TRAPS.find(([re]) => re.test(msg));
  if (!t && !(e instanceof WebAssembly.RuntimeError)) throw e;
  process.stderr.write(`wasm trap: ${t ? t[1] : msg} in function ${trapName(e)}\n`);
  code = 134;
}
process.exitCode = code;
