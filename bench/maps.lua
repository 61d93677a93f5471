local m = {}
for i = 0, 999999 do m[i] = i * 2 end
local total = 0
for i = 0, 999999 do total = total + m[i] end
print(total)
