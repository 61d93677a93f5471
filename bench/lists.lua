local xs = {}
for i = 0, 999999 do xs[#xs + 1] = i end
local ys = {}
for k = 1, #xs do ys[k] = xs[k] * 2 end
local zs = {}
for k = 1, #ys do zs[k] = ys[k] + 1 end
local total = 0
for k = 1, #zs do if zs[k] % 3 == 0 then total = total + zs[k] end end
print(total)
