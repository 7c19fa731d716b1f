-- numeric.lua — interpreter dispatch on arithmetic: recursive fib, a
-- spectral-norm power iteration with closures, and integer sieve.
-- usage: lua numeric.lua [SCALE]   Self-check against known values.
local S = tonumber(arg and arg[1]) or 10
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local f = fib(24 + S // 5)
local fibs = { [24] = 46368, [25] = 75025, [26] = 121393, [27] = 196418, [28] = 317811, [29] = 514229, [30] = 832040, [31] = 1346269, [32] = 2178309 }
assert(fibs[24 + S // 5] == f, "fib")

local function A(i, j) local ij = i + j - 1; return 1.0 / (ij * (ij - 1) * 0.5 + i) end
local function Av(x, y, N) for i = 1, N do local a = 0; for j = 1, N do a = a + x[j] * A(i, j) end; y[i] = a end end
local function Atv(x, y, N) for i = 1, N do local a = 0; for j = 1, N do a = a + x[j] * A(j, i) end; y[i] = a end end
local function AtAv(x, y, t, N) Av(x, t, N); Atv(t, y, N) end
local N = 40 * S
local u, v, t = {}, {}, {}
for i = 1, N do u[i] = 1 end
for _ = 1, 10 do AtAv(u, v, t, N); AtAv(v, u, t, N) end
local vBv, vv = 0, 0
for i = 1, N do local ui, vi = u[i], v[i]; vBv = vBv + ui * vi; vv = vv + vi * vi end
local sn = math.sqrt(vBv / vv)
assert(math.abs(sn - 1.2742241) < 1e-3, "spectral norm")

local M = 200000 * S
local sieve, primes = {}, 0
for i = 2, M do
  if not sieve[i] then primes = primes + 1; for k = i * i, M, i do sieve[k] = true end end
end
local known = { [200000] = 17984, [2000000] = 148933, [1000000] = 78498, [400000] = 33860 }
if known[M] then assert(known[M] == primes, "sieve") end
print(string.format("numeric S=%d fib=%d spectral=%.9f primes=%d", S, f, sn, primes))
