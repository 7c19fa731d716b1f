-- binarytrees.lua — allocation and GC heavy (after the Computer Language
-- Benchmarks Game).  usage: lua binarytrees.lua [DEPTH]
-- Self-check: every tree of depth d has 2^(d+1)-1 nodes.
local N = tonumber(arg and arg[1]) or 16

local function bottomup(d)
  if d == 0 then return {} end
  d = d - 1
  return { bottomup(d), bottomup(d) }
end

local function check(t)
  if t[1] then return 1 + check(t[1]) + check(t[2]) end
  return 1
end

local mindepth, maxdepth = 4, math.max(6, N)
local stretch = maxdepth + 1
local c = check(bottomup(stretch))
assert(c == 2 ^ (stretch + 1) - 1, "stretch tree")
print(string.format("stretch tree of depth %d\t check: %d", stretch, c))
local long = bottomup(maxdepth)
local total = 0
for d = mindepth, maxdepth, 2 do
  local iters = 2 ^ (maxdepth - d + mindepth)
  local sum = 0
  for _ = 1, iters do sum = sum + check(bottomup(d)) end
  assert(sum == iters * (2 ^ (d + 1) - 1), "tree sizes")
  total = total + sum
  print(string.format("%d\t trees of depth %d\t check: %d", iters, d, sum))
end
local lc = check(long)
assert(lc == 2 ^ (maxdepth + 1) - 1)
print(string.format("long lived tree of depth %d\t check: %d", maxdepth, lc))
print("total", total)
