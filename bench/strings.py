s = ""
for i in range(200000):
    s += "x"
print(len(s))
