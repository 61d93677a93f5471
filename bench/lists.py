xs = list(range(0, 1000000))
ys = [x * 2 for x in xs]
zs = [y + 1 for y in ys]
print(sum(z for z in zs if z % 3 == 0))
