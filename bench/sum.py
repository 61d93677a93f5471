total = 0
i = 1
while i <= 10000000:
    total += i
    i += 1
print(total)
