-- LuaSQL has no bound parameters: the values are numbers and a fixed word, formatted in.
local driver = require("luasql.sqlite3")
local env = driver.sqlite3()
local conn = env:connect(":memory:")
conn:execute("CREATE TABLE events (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, amount REAL NOT NULL)")
conn:execute("BEGIN")
for i = 0, 99999 do
  conn:execute(string.format("INSERT INTO events (id, kind, amount) VALUES (%d, 'k%d', %.1f)", i, i % 10, i * 0.5))
end
conn:execute("COMMIT")
local cur = conn:execute("SELECT kind, COUNT(*) AS n, SUM(amount) AS total FROM events GROUP BY kind ORDER BY kind")
local row = cur:fetch({}, "a")
while row do
  print(row.kind .. " " .. row.n .. " " .. row.total)
  row = cur:fetch(row, "a")
end
cur:close(); conn:close(); env:close()
