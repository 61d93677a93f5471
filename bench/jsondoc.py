import json
items = []
for i in range(100000):
    items.append({"id": i, "name": f"item number {i}", "tags": [f"t{i % 7}", f"t{i % 11}", "common"], "price": i * 1.25, "active": i % 2 == 0})
text = json.dumps(items, separators=(",", ":"))
data = json.loads(text)
active = 0
total = 0.0
for item in data:
    if item["active"]: active += 1
    total += item["price"]
print(len(text))
print(active)
print(total)
