m = {}
for i in range(1000000):
    m[i] = i * 2
total = 0
for i in range(1000000):
    total += m[i]
print(total)
