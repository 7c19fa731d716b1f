-- strings.lua — string building, pattern matching, formatting, table.concat,
-- and table.sort with a Lua comparator.  usage: lua strings.lua [ROUNDS]
-- Self-check: counts recomputed two ways must agree; prints a checksum.
local R = tonumber(arg and arg[1]) or 30
local seed = 12345
local function rand(n) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n end
local syl = { "ka", "lo", "mi", "ne", "tor", "sa", "ren", "di", "qu", "ax", "pel", "un", "ist", "or" }
local checksum = 0
for r = 1, R do
  local words = {}
  for i = 1, 20000 do
    local w = {}
    for j = 1, 1 + rand(4) do w[j] = syl[1 + rand(#syl)] end
    words[i] = table.concat(w)
  end
  local text = table.concat(words, " ")
  -- count words two ways
  local freq, n1 = {}, 0
  for w in text:gmatch("%a+") do freq[w] = (freq[w] or 0) + 1; n1 = n1 + 1 end
  local _, n2 = text:gsub("%S+", "")
  assert(n1 == #words and n2 == #words, "word counts")
  local keys = {}
  for k in pairs(freq) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) if freq[a] ~= freq[b] then return freq[a] > freq[b] end return a < b end)
  -- rewrite: upper-case vowels, format a report
  local up = text:gsub("[aeiou]", string.upper)
  local lines = {}
  for i = 1, math.min(#keys, 200) do lines[i] = string.format("%-12s %5d %08x", keys[i], freq[keys[i]], #keys[i] * 2654435761 % 4294967296) end
  local report = table.concat(lines, "\n")
  local h = 0
  for i = 1, #report, 7 do h = (h * 31 + report:byte(i)) % 4294967296 end
  checksum = (checksum * 17 + h + #up + #keys) % 4294967296
end
print(string.format("strings rounds=%d checksum=%08x", R, checksum))
