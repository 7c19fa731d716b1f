-- tests/box/lua/main.lua BASE: require modules from the box, read and write files there.
local base = arg[1]
local util = require("util")
local pkg = require("pkg")
local deep = require("pkg.deep")
print("util.add", util.add(2, 40))
print("pkg.name", pkg.name, pkg.greet("box"))
print("deep.fib(25)", deep.fib(25))
print("same module table", require("util") == util)
local f = assert(io.open(base .. "/data/words.txt"))
local n, longest = 0, ""
for w in f:lines() do n = n + 1; if #w > #longest then longest = w end end
f:close()
print("words", n, longest)
-- write into the box (the overlay), read it back
local out = assert(io.open(base .. "/data/out.txt", "w"))
for i = 1, 5 do out:write(i * i, "\n") end
out:close()
local sum = 0
for l in io.lines(base .. "/data/out.txt") do sum = sum + tonumber(l) end
print("sum of squares", sum)
print("missing module", pcall(require, "nope") and "found" or "not found")
print("os.remove", os.remove(base .. "/data/words.txt"))
print("reopen removed", io.open(base .. "/data/words.txt") == nil)
