local M = {}
function M.count(text)
  local n, freq = 0, {}
  for w in text:gmatch("%a+") do
    w = w:lower()
    n = n + 1
    freq[w] = (freq[w] or 0) + 1
  end
  local top, best = "-", 0
  for w, k in pairs(freq) do
    if k > best or (k == best and w < top) then top, best = w, k end
  end
  return n, top
end
return M
