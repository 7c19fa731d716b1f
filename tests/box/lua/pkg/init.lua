local util = require("util")
return { name = "pkg", greet = function(s) return "hello " .. s .. " " .. util.add(1, 1) end }
