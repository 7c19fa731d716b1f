-- coroutines.lua: generators, producer/consumer pipelines, a round-robin
-- scheduler, yields across pcall, and errors inside coroutines.
local function gen(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local s = 0
for v in gen(200000) do s = s + v end
print("generator sum", s)

local function producer(items)
  return coroutine.create(function() for _, it in ipairs(items) do coroutine.yield(it) end return "eof" end)
end
local function filter(src, pred)
  return coroutine.create(function()
    while true do
      local ok, v = coroutine.resume(src)
      if not ok or coroutine.status(src) == "dead" then return "eof" end
      if pred(v) then coroutine.yield(v) end
    end
  end)
end
local items = {}
for i = 1, 50000 do items[i] = (i * 7919) % 10007 end
local f = filter(producer(items), function(v) return v % 2 == 0 end)
local cnt, sum = 0, 0
while true do
  local ok, v = coroutine.resume(f)
  if coroutine.status(f) == "dead" then break end
  cnt = cnt + 1; sum = sum + v
end
print("pipeline", cnt, sum)

-- round-robin scheduler with tasks of different lengths
local tasks, log = {}, {}
for t = 1, 5 do
  tasks[#tasks + 1] = coroutine.create(function()
    local acc = 0
    for step = 1, t * 3000 do
      acc = (acc + step * t) % 1000003
      if step % 1000 == 0 then coroutine.yield(step) end
    end
    log[#log + 1] = "task" .. t .. "=" .. acc
  end)
end
local switches = 0
while #tasks > 0 do
  for i = #tasks, 1, -1 do
    local co = tasks[i]
    assert(coroutine.resume(co))
    switches = switches + 1
    if coroutine.status(co) == "dead" then table.remove(tasks, i) end
  end
end
print("scheduler", switches, table.concat(log, " "))

-- yield across pcall (Lua 5.4 allows it) and errors inside coroutines
local co = coroutine.create(function(a)
  local ok, v = pcall(function() local x = coroutine.yield(a + 1); if x < 0 then error("negative") end return x * 2 end)
  coroutine.yield(tostring(ok) .. ":" .. tostring(v))
  error({reason = "done badly"})
end)
print(coroutine.resume(co, 10))
print(coroutine.resume(co, -1))
local ok, e = coroutine.resume(co)
print(ok, type(e), e.reason, coroutine.status(co))
print(coroutine.resume(co))
print("isyieldable main", coroutine.isyieldable(), select(2, coroutine.running()))
local wrapped = coroutine.wrap(function() error("wrapped failure") end)
print(pcall(wrapped))
-- many short-lived coroutines
local total = 0
for i = 1, 100000 do
  local c = coroutine.wrap(function(x) local y = coroutine.yield(x * 2); return x + y end)
  total = total + c(i) + c(1)
end
print("short-lived", total)
local closeme = coroutine.create(function() coroutine.yield() end)
coroutine.resume(closeme)
print("close", coroutine.close(closeme), coroutine.status(closeme))
