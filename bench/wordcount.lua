local parts = {}
for i = 0, 399999 do parts[#parts + 1] = "w" .. ((i * 7919) % 5000) end
local text = table.concat(parts, " ")
local counts, distinct = {}, 0
for w in string.gmatch(text, "[^ ]+") do
  local c = counts[w]
  if c == nil then distinct = distinct + 1; counts[w] = 1 else counts[w] = c + 1 end
end
print(distinct)
print(counts["w42"])
