-- strings.lua: string library workout: gsub/gmatch patterns, formatting,
-- byte-level manipulation, table.concat builders, a tiny template engine.
local words = {}
local seed = 12345
local function rnd(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
local syll = {"ka", "lo", "mi", "nu", "re", "sa", "to", "vi", "ze", "qu"}
for i = 1, 20000 do
  local w = {}
  for _ = 1, 1 + rnd(4) do w[#w + 1] = syll[1 + rnd(#syll)] end
  words[i] = table.concat(w)
end
local text = table.concat(words, " ")
print("text length", #text)

local freq = {}
for w in text:gmatch("%a+") do freq[w] = (freq[w] or 0) + 1 end
local keys = {}
for k in pairs(freq) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) if freq[a] ~= freq[b] then return freq[a] > freq[b] end return a < b end)
for i = 1, 8 do print(string.format("%-10s %5d", keys[i], freq[keys[i]])) end
print("distinct", #keys)

local up, n = text:gsub("(%a)(%a*)", function(a, b) return a:upper() .. b end)
print("capitalized", n, up:sub(1, 60))
local vowels = select(2, text:gsub("[aeiou]", ""))
print("vowels", vowels)
print("reversed", (text:sub(1, 40)):reverse())
print("rep", ("ab"):rep(5, "-"), ("x"):rep(0))
print("find", text:find("zeze", 1, true), text:find("(k%a)(l%a)"))
print("match", ("key = value; other=thing"):match("(%w+)%s*=%s*(%w+)"))

local bytes = {}
for i = 1, #text, 97 do bytes[#bytes + 1] = text:byte(i) end
local h = 0
for _, b in ipairs(bytes) do h = (h * 31 + b) % 4294967296 end
print("byte hash", h, string.char(72, 105, 33))

local tmpl = "Dear ${name}, you owe ${amount} (due ${date}). ${missing}"
local vars = {name = "Ada", amount = string.format("%.2f", 1234.5), date = "2024-01-31"}
print((tmpl:gsub("%${(%w+)}", function(k) return vars[k] or "?" end)))

local parts = {}
for i = 1, 200000 do parts[#parts + 1] = string.format("%d:%x:%5.2f;", i, i * 7, i / 7) end
local big = table.concat(parts)
print("formatted", #big, big:sub(-40))
local total = 0
for a, b in big:gmatch("(%d+):(%x+):") do total = total + tonumber(a) + tonumber(b, 16) end
print("parsed back", total)
print(string.format("%q", "line1\nline2\t\0end"))
print(string.format("%5s|%-5s|%.3s|%c%c", "ab", "cd", "efghij", 76, 117))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häll€"), #utf8.char(128512))
