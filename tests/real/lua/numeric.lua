-- numeric.lua: integer and float arithmetic, math library, string.format of
-- floats, a Mandelbrot renderer, n-body simulation, sieve and bignum factorial.
print(7 // 2, -7 // 2, 7 % -3, -7 % 3, 7.5 // 2, 2^10, 10 / 4, 3 | 5, 3 ~ 5, ~0, 1 << 62, math.maxinteger + 1 == math.mininteger)
print(math.type(1), math.type(1.0), math.type("1"), 1 == 1.0, math.tointeger(3.0), 0x7fffffffffffffff, -0.0, 1/0, -1/0)
print(string.format("%.17g %.17g %.17g %g %g", math.pi, math.exp(1), math.sqrt(2), 1e300 * 1e10, 0/0 ~= 0/0 and 1 or 0))
print(string.format("%5.2f|%-10.3e|%+d|%05d|%x|%X|%o|%a", 3.14159, 12345.678, 42, 42, 255, 255, 8, 1.0))
for _, x in ipairs({0.5, 1.0, 2.0, 10.0}) do
  print(string.format("x=%g sin=%.17g cos=%.17g log=%.17g exp=%.17g", x, math.sin(x), math.cos(x), math.log(x), math.exp(x)))
end
print(math.floor(-3.5), math.ceil(-3.5), math.fmod(-7, 3), math.fmod(7, -3), math.abs(math.mininteger), math.ult(1, -1))
print(math.max(3, 7.5, -1), math.min(3, 7.5, -1), tostring(1e15), tostring(1e16), tostring(0.1), 2^53 + 1)
print(tonumber("0x1p4"), tonumber("  12  "), tonumber("1e2"), tonumber("z", 36), tonumber("10", 2), tonumber("8", 8))

-- Mandelbrot
local W, H, iters = 120, 50, 200
local rows, inside = {}, 0
for y = 0, H - 1 do
  local row = {}
  for x = 0, W - 1 do
    local cr, ci = x / W * 3.5 - 2.5, y / H * 2 - 1
    local zr, zi, i = 0.0, 0.0, 0
    while i < iters and zr * zr + zi * zi < 4 do zr, zi = zr * zr - zi * zi + cr, 2 * zr * zi + ci; i = i + 1 end
    if i == iters then inside = inside + 1 end
    row[#row + 1] = (" .:-=+*#%@"):sub(i % 10 + 1, i % 10 + 1)
  end
  rows[#rows + 1] = table.concat(row)
end
print("mandelbrot inside", inside)
print(rows[25])

-- n-body (from the benchmarks game, shortened)
local PI, SOLAR = math.pi, 4 * math.pi * math.pi
local DPY = 365.24
local bodies = {
  {0, 0, 0, 0, 0, 0, SOLAR},
  {4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01, 1.66007664274403694e-03 * DPY, 7.69901118419740425e-03 * DPY, -6.90460016972063023e-05 * DPY, 9.54791938424326609e-04 * SOLAR},
  {8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01, -2.76742510726862411e-03 * DPY, 4.99852801234917238e-03 * DPY, 2.30417297573763929e-05 * DPY, 2.85885980666130812e-04 * SOLAR},
  {1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01, 2.96460137564761618e-03 * DPY, 2.37847173959480950e-03 * DPY, -2.96589568540237556e-05 * DPY, 4.36624404335156298e-05 * SOLAR},
  {1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01, 2.68067772490389322e-03 * DPY, 1.62824170038242295e-03 * DPY, -9.51592254519715870e-05 * DPY, 5.15138902046611451e-05 * SOLAR},
}
local function energy()
  local e = 0
  for i = 1, #bodies do
    local b = bodies[i]
    e = e + 0.5 * b[7] * (b[4] * b[4] + b[5] * b[5] + b[6] * b[6])
    for j = i + 1, #bodies do
      local c = bodies[j]
      local dx, dy, dz = b[1] - c[1], b[2] - c[2], b[3] - c[3]
      e = e - b[7] * c[7] / math.sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end
local px, py, pz = 0, 0, 0
for _, b in ipairs(bodies) do px = px + b[4] * b[7]; py = py + b[5] * b[7]; pz = pz + b[6] * b[7] end
bodies[1][4], bodies[1][5], bodies[1][6] = -px / SOLAR, -py / SOLAR, -pz / SOLAR
print(string.format("energy before %.9f", energy()))
for _ = 1, 200000 do
  local n = #bodies
  for i = 1, n do
    local b = bodies[i]
    for j = i + 1, n do
      local c = bodies[j]
      local dx, dy, dz = b[1] - c[1], b[2] - c[2], b[3] - c[3]
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = 0.01 / (d2 * math.sqrt(d2))
      b[4], b[5], b[6] = b[4] - dx * c[7] * mag, b[5] - dy * c[7] * mag, b[6] - dz * c[7] * mag
      c[4], c[5], c[6] = c[4] + dx * b[7] * mag, c[5] + dy * b[7] * mag, c[6] + dz * b[7] * mag
    end
  end
  for i = 1, n do local b = bodies[i]; b[1], b[2], b[3] = b[1] + 0.01 * b[4], b[2] + 0.01 * b[5], b[3] + 0.01 * b[6] end
end
print(string.format("energy after  %.9f", energy()))

-- sieve
local N = 2000000
local comp = {}
local primes, last = 0, 0
for i = 2, N do
  if not comp[i] then primes = primes + 1; last = i; for j = i * i, N, i do comp[j] = true end end
end
print("primes below 2e6", primes, last)

-- bignum factorial in base 10^7
local function fact(n)
  local d = {1}
  for k = 2, n do
    local carry = 0
    for i = 1, #d do local v = d[i] * k + carry; d[i] = v % 10000000; carry = v // 10000000 end
    while carry > 0 do d[#d + 1] = carry % 10000000; carry = carry // 10000000 end
  end
  local parts = {tostring(d[#d])}
  for i = #d - 1, 1, -1 do parts[#parts + 1] = string.format("%07d", d[i]) end
  return table.concat(parts)
end
local f1000 = fact(1000)
print("1000! digits", #f1000, f1000:sub(1, 30), f1000:sub(-260, -250))
local h = 0
for i = 1, #f1000 do h = (h * 131 + f1000:byte(i)) % 1000000007 end
print("1000! hash", h)
