// bench/js/bench.js — a JavaScript workload for QuickJS (bench/drivers/
// quickjs_bench.c).  usage: bench.js N   (work grows linearly with N)
// Six parts with the shapes JavaScript programs have: objects and classes
// (a task scheduler), closures and array methods, strings and a Map
// (word counting), JSON round trips, regular expressions, and numbers in
// typed arrays.  Every part checks its result against a value computed a
// second way; the printed lines are the same in every engine.
'use strict';
const N = scriptArgs.length > 0 ? parseInt(scriptArgs[0], 10) : 10;

function check(cond, what) {
  if (!cond) throw new Error('check failed: ' + what);
}

let seed = 42;
function rand() { // a 31-bit LCG, deterministic everywhere
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed >> 8;
}

// ---- objects and classes: a priority scheduler of tasks passing packets
class Packet {
  constructor(link, id, kind) { this.link = link; this.id = id; this.kind = kind; this.data = [0, 0, 0, 0]; }
}
class Task {
  constructor(id, prio) { this.id = id; this.prio = prio; this.queue = []; this.count = 0; }
  run(sched, pkt) {
    this.count++;
    pkt.data[this.count & 3] += this.id;
    pkt.kind = (pkt.kind + this.id) % 5;
    return sched.tasks[(this.id + pkt.kind + 1) % sched.tasks.length];
  }
}
class Scheduler {
  constructor(n) {
    this.tasks = [];
    for (let i = 0; i < n; i++) this.tasks.push(new Task(i, (i * 7) % n));
  }
  simulate(steps) {
    let pkts = [];
    for (let i = 0; i < 64; i++) pkts.push(new Packet(null, i, i % 5));
    let t = this.tasks[0], sum = 0;
    for (let s = 0; s < steps; s++) {
      const p = pkts[s & 63];
      t = t.run(this, p);
      if ((s & 1023) === 0) pkts[(s >> 10) & 63] = new Packet(p, s, p.kind);
      sum = (sum + p.data[s & 3]) | 0;
    }
    return sum;
  }
}
function partObjects() {
  const sch = new Scheduler(17);
  const sum = sch.simulate(60000 * N);
  let runs = 0;
  for (const t of sch.tasks) runs += t.count;
  check(runs === 60000 * N, 'every step ran one task');
  return sum;
}

// ---- closures and array methods
function partClosures() {
  const adders = [];
  for (let i = 0; i < 64; i++) adders.push(x => x + i);
  let total = 0;
  for (let r = 0; r < 25 * N; r++) {
    const a = Array.from({ length: 1000 }, (_, i) => (i * 31 + r) % 1009);
    const b = a.map(x => adders[x & 63](x)).filter(x => x % 3 !== 0);
    total += b.reduce((s, x) => s + x, 0);
    let direct = 0;
    for (let i = 0; i < 1000; i++) {
      const v = (i * 31 + r) % 1009 + (((i * 31 + r) % 1009) & 63);
      if (v % 3 !== 0) direct += v;
    }
    check(b.reduce((s, x) => s + x, 0) === direct, 'map/filter/reduce against a loop');
  }
  return total;
}

// ---- strings and a Map: word counting, sorting, joining
function partStrings() {
  const syl = ['ka', 'lo', 'mi', 'ne', 'tor', 'sa', 'ren', 'di', 'qu', 'ax', 'pel', 'un'];
  const words = [];
  for (let i = 0; i < 3000 * N; i++) {
    let w = '';
    const k = 1 + rand() % 3;
    for (let j = 0; j < k; j++) w += syl[rand() % syl.length];
    words.push(w);
  }
  const text = words.join(' ');
  const counts = new Map();
  for (const w of text.split(' ')) counts.set(w, (counts.get(w) || 0) + 1);
  let n = 0;
  for (const c of counts.values()) n += c;
  check(n === words.length, 'word counts add up');
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
  const upper = text.toUpperCase();
  check(upper.length === text.length && upper.toLowerCase() === text, 'case round trip');
  return top.map(e => e[0] + ':' + e[1]).join(',') + ' distinct=' + counts.size;
}

// ---- JSON round trips
function partJson() {
  let h = 0;
  for (let r = 0; r < 4 * N; r++) {
    const recs = [];
    for (let i = 0; i < 500; i++)
      recs.push({ id: i + r, name: 'item' + (rand() % 1000), price: (rand() % 100000) / 100, tags: ['a', 'b', 'c'].slice(0, i % 4), nested: { ok: i % 2 === 0, n: null } });
    const s = JSON.stringify(recs);
    const back = JSON.parse(s);
    check(back.length === recs.length && JSON.stringify(back) === s, 'JSON round trip');
    for (let i = 0; i < s.length; i += 7) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  }
  return h >>> 0;
}

// ---- regular expressions (QuickJS's own libregexp)
function partRegex() {
  const lines = [];
  for (let i = 0; i < 2000 * N; i++) {
    const t = rand() % 86400;
    lines.push(`2024-01-${String(1 + rand() % 28).padStart(2, '0')} ${String((t / 3600) | 0).padStart(2, '0')}:${String(((t / 60) | 0) % 60).padStart(2, '0')} [${rand() % 4 ? 'INFO' : 'WARN'}] id=${(rand() % 0xffffff).toString(16)} status=${rand() % 8 ? 200 : 404}`);
  }
  const log = lines.join('\n');
  const warns = (log.match(/\[WARN\][^\n]*status=404/g) || []).length;
  let direct = 0;
  for (const l of lines) if (l.includes('[WARN]') && l.endsWith('status=404')) direct++;
  check(warns === direct, 'regex count against includes/endsWith');
  let hours = 0;
  for (const m of log.matchAll(/^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)/gm)) hours += parseInt(m[4], 10);
  const redacted = log.replace(/id=([0-9a-f]+)/g, (_, x) => 'id=' + x.length);
  check(redacted.length < log.length, 'replace shortened the ids');
  return `warn404=${warns} hours=${hours} len=${redacted.length}`;
}

// ---- numbers: a sieve in a typed array and a Mandelbrot set in doubles
function partNumbers() {
  const n = 2000000;
  let primes = 0;
  for (let r = 0; r < Math.max(1, N >> 2); r++) {
    const sieve = new Uint8Array(n + 1);
    primes = 0;
    for (let i = 2; i <= n; i++) {
      if (sieve[i]) continue;
      primes++;
      for (let j = i * i; j <= n; j += i) sieve[j] = 1;
    }
    check(primes === 148933, 'pi(2*10^6)');
  }
  let inside = 0;
  const size = 60 + 4 * N;
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const cr = 2.5 * x / size - 2, ci = 2.5 * y / size - 1.25;
      let zr = 0, zi = 0, k = 0;
      for (; k < 200 && zr * zr + zi * zi <= 4; k++) {
        const t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
      }
      if (k === 200) inside++;
    }
  return `primes=${primes} inside=${inside}`;
}

print('objects', partObjects());
print('closures', partClosures());
print('strings', partStrings());
print('json', partJson());
print('regex', partRegex());
print('numbers', partNumbers());
