local total, i = 0, 1
while i <= 10000000 do total = total + i; i = i + 1 end
print(total)
