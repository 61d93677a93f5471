import sqlite3
conn = sqlite3.connect(":memory:", isolation_level=None)
conn.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, amount REAL NOT NULL)")
conn.execute("BEGIN")
for i in range(100000):
    conn.execute("INSERT INTO events (id, kind, amount) VALUES (?, ?, ?)", (i, f"k{i % 10}", i * 0.5))
conn.execute("COMMIT")
for kind, n, total in conn.execute("SELECT kind, COUNT(*) AS n, SUM(amount) AS total FROM events GROUP BY kind ORDER BY kind"):
    print(f"{kind} {n} {total}")
conn.close()
