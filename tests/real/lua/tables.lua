-- tables.lua: tables as arrays, maps, sets, queues; sorting with
-- comparators; a priority queue; Dijkstra on a generated grid graph.
local seed = 42
local function rnd(n) seed = (seed * 214013 + 2531011) % 4294967296; return (seed >> 16) % n end

local arr = {}
for i = 1, 200000 do arr[i] = rnd(1000000) end
table.sort(arr)
print("sorted", arr[1], arr[100000], arr[#arr])
local recs = {}
for i = 1, 30000 do recs[i] = {id = i, score = rnd(100), name = "n" .. rnd(500)} end
table.sort(recs, function(a, b)
  if a.score ~= b.score then return a.score > b.score end
  if a.name ~= b.name then return a.name < b.name end
  return a.id < b.id
end)
for i = 1, 3 do print(recs[i].id, recs[i].score, recs[i].name) end

local set = {}
for i = 1, 100000 do set[rnd(50000)] = true end
local count = 0
for _ in pairs(set) do count = count + 1 end
print("set size", count)

-- binary heap priority queue
local Heap = {}
Heap.__index = Heap
function Heap.new() return setmetatable({n = 0}, Heap) end
function Heap:push(pri, v)
  self.n = self.n + 1
  local i = self.n
  self[i] = {pri, v}
  while i > 1 do
    local p = i // 2
    if self[p][1] <= self[i][1] then break end
    self[p], self[i] = self[i], self[p]
    i = p
  end
end
function Heap:pop()
  local top = self[1]
  self[1] = self[self.n]
  self[self.n] = nil
  self.n = self.n - 1
  local i = 1
  while true do
    local l, r, m = 2 * i, 2 * i + 1, i
    if l <= self.n and self[l][1] < self[m][1] then m = l end
    if r <= self.n and self[r][1] < self[m][1] then m = r end
    if m == i then break end
    self[m], self[i] = self[i], self[m]
    i = m
  end
  return top[1], top[2]
end

local W, H = 150, 150
local cost = {}
for y = 1, H do for x = 1, W do cost[(y - 1) * W + x] = 1 + rnd(9) end end
local dist = {}
local pq = Heap.new()
dist[1] = 0
pq:push(0, 1)
while pq.n > 0 do
  local d, u = pq:pop()
  if d == dist[u] then
    local x, y = (u - 1) % W + 1, (u - 1) // W + 1
    for _, dxy in ipairs({{1, 0}, {-1, 0}, {0, 1}, {0, -1}}) do
      local nx, ny = x + dxy[1], y + dxy[2]
      if nx >= 1 and nx <= W and ny >= 1 and ny <= H then
        local v = (ny - 1) * W + nx
        local nd = d + cost[v]
        if not dist[v] or nd < dist[v] then dist[v] = nd; pq:push(nd, v) end
      end
    end
  end
end
print("shortest path corner to corner", dist[W * H])

local q = {first = 1, last = 0}
for i = 1, 100000 do q.last = q.last + 1; q[q.last] = i end
local s = 0
while q.first <= q.last do s = s + q[q.first]; q[q.first] = nil; q.first = q.first + 1 end
print("queue sum", s)
local t = {}
for i = 1, 10 do table.insert(t, i) end
table.insert(t, 1, 0); table.remove(t, 5); table.move(t, 1, 3, 8)
print(table.concat(t, ","), #t, select("#", table.unpack(t)))
local mt = setmetatable({}, {__index = function(_, k) return k * 2 end, __len = function() return 99 end})
print(mt[21], #mt, rawlen(mt))
