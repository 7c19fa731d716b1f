-- wordcount: counts the words of the files named on the command line
local wc = require("wordcount")
print(os.getenv("APP_GREETING"))
print("home: " .. tostring(os.getenv("APP_HOME")))
local total = 0
for i = 1, #arg do
  local f = assert(io.open(arg[i], "r"))
  local text = f:read("a")
  f:close()
  local n, top = wc.count(text)
  total = total + n
  print(string.format("%s: %d words, most frequent: %s", arg[i], n, top))
end
print("total: " .. total)
-- what the image holds (io.open on paths that .dockerignore kept out)
for _, p in ipairs({"/srv/app/data/secret.txt", "/srv/app/data/secret-but-public.txt", "/srv/app/main.lua.bak",
                    "/srv/app/notes/private.txt", "/srv/app/notes/public.txt"}) do
  local f = io.open(p)
  print(p .. ": " .. (f and "present" or "absent"))
  if f then f:close() end
end
