-- coroutines.lua — control transfer: generators (coroutine.wrap), a
-- producer/filter/consumer pipeline of coroutines, and errors raised and
-- caught with error/pcall.  In Lua 5.4 a yield from a C function and every
-- error leave through longjmp, so in wasm each is a thrown exception.
-- usage: lua coroutines.lua [ROUNDS]   Self-check: sums recomputed in a loop.
local R = tonumber(arg and arg[1]) or 5
local checksum = 0
for r = 1, R do
  -- generator: one yield per value
  local n = 100000 + r
  local gen = coroutine.wrap(function() for i = 1, n do coroutine.yield(i * r) end end)
  local s = 0
  for v in gen do s = s + v end
  assert(s == r * n * (n + 1) // 2, "generator sum")

  -- pipeline: producer -> filter -> consumer
  local producer = coroutine.create(function()
    for i = 1, 60000 do coroutine.yield((i * 7919 + r) % 10007) end
  end)
  local filter = coroutine.create(function()
    while true do
      local ok, v = coroutine.resume(producer)
      assert(ok)
      if coroutine.status(producer) == "dead" then return end
      if v % 3 ~= 0 then coroutine.yield(v) end
    end
  end)
  local cnt, sum = 0, 0
  while true do
    local ok, v = coroutine.resume(filter)
    assert(ok)
    if coroutine.status(filter) == "dead" then break end
    cnt, sum = cnt + 1, sum + v
  end
  local cnt2, sum2 = 0, 0
  for i = 1, 60000 do
    local v = (i * 7919 + r) % 10007
    if v % 3 ~= 0 then cnt2, sum2 = cnt2 + 1, sum2 + v end
  end
  assert(cnt == cnt2 and sum == sum2, "pipeline")

  -- errors: a table error and a string error, each caught by pcall
  local caught = 0
  for i = 1, 40000 do
    local ok, e = pcall(function(k)
      if k % 2 == 0 then error({code = k}) end
      error("odd " .. k, 0)
    end, i)
    assert(not ok)
    if type(e) == "table" then caught = caught + e.code else caught = caught + #e end
  end
  checksum = (checksum + s + sum + cnt + caught) % 1000000007
end
print(string.format("coroutines R=%d checksum=%d", R, checksum))
