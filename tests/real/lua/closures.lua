-- closures.lua: closures, upvalues, higher-order functions, memoization,
-- metatables/OOP, varargs, error handling with pcall/error objects.
local function counter()
  local n = 0
  return function(k) n = n + (k or 1); return n end
end
local c1, c2 = counter(), counter()
for i = 1, 1000 do c1(i) end
print("counters", c1(0), c2(5))

local function compose(...)
  local fs = {...}
  return function(x) for i = #fs, 1, -1 do x = fs[i](x) end return x end
end
local inc = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print("compose", compose(inc, dbl, inc)(10))

local function map(f, t) local r = {} for i, v in ipairs(t) do r[i] = f(v) end return r end
local function filter(p, t) local r = {} for _, v in ipairs(t) do if p(v) then r[#r + 1] = v end end return r end
local function reduce(f, acc, t) for _, v in ipairs(t) do acc = f(acc, v) end return acc end
local nums = {}
for i = 1, 1000000 do nums[i] = i end
local r = reduce(function(a, b) return (a + b) % 1000000007 end, 0,
  map(function(x) return x * x end, filter(function(x) return x % 3 == 0 end, nums)))
print("map/filter/reduce", r)

local function memo(f)
  local cache = {}
  return function(n) local v = cache[n]; if v == nil then v = f(n); cache[n] = v end return v end
end
local fib
fib = memo(function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end)
print("fib(90)", fib(90))
local function slowfib(n) if n < 2 then return n end return slowfib(n - 1) + slowfib(n - 2) end
print("slowfib(30)", slowfib(30))

local Account = {}
Account.__index = Account
Account.__tostring = function(a) return string.format("Account(%s, %.2f)", a.owner, a.balance) end
Account.__add = function(a, b) return Account.new(a.owner .. "&" .. b.owner, a.balance + b.balance) end
Account.__eq = function(a, b) return a.balance == b.balance end
Account.__lt = function(a, b) return a.balance < b.balance end
function Account.new(owner, balance) return setmetatable({owner = owner, balance = balance or 0}, Account) end
function Account:deposit(v) if v <= 0 then error({code = "EINVAL", amount = v}) end self.balance = self.balance + v end
function Account:withdraw(v) if v > self.balance then error("insufficient funds: " .. self.balance .. " < " .. v, 2) end self.balance = self.balance - v end
local a, b = Account.new("ann", 100), Account.new("bob", 50.5)
a:deposit(25)
print(tostring(a), tostring(a + b), a == b, b < a)
local ok, e = pcall(a.deposit, a, -5)
print("pcall table error", ok, type(e), e.code, e.amount)
ok, e = pcall(function() a:withdraw(1000) end)
print("pcall string error", ok, e)
print("nested", pcall(function() local ok2, e2 = pcall(error, "inner"); error("outer after " .. tostring(e2)) end))
print("xpcall", xpcall(function() return nil + 1 end, function(m) return "handled: " .. m:gsub("^.-:%d+: ", "") end))
local errs = 0
for i = 1, 20000 do if not pcall(function() if i % 2 == 0 then error(i) end end) then errs = errs + 1 end end
print("errors caught", errs)
local function va(...) return select("#", ...), (select(2, ...)), {...} end
local n, second, packed = va(1, nil, 3, nil)
print("varargs", n, second, #table.pack(1, nil, 3), packed[3])
print("string.format via closure", (function(fmt, ...) return fmt:format(...) end)("%d-%s-%.1f", 7, "x", 2.25))
