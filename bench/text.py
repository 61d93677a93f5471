parts = []
for i in range(200000):
    parts.append(f"lorem{i % 97}" if i % 3 == 0 else "ip")
text = " ".join(parts)
loud = [w.upper() for w in text.split(" ") if len(w) > 3]
out = ",".join(loud)
print(len(out))
