parts = []
for i in range(400000):
    parts.append(f"w{(i * 7919) % 5000}")
text = " ".join(parts)
counts = {}
for w in text.split(" "):
    counts[w] = counts.get(w, 0) + 1
print(len(counts))
print(counts["w42"])
