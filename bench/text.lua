local parts = {}
for i = 0, 199999 do parts[#parts + 1] = (i % 3 == 0) and ("lorem" .. (i % 97)) or "ip" end
local text = table.concat(parts, " ")
local loud = {}
for w in string.gmatch(text, "[^ ]+") do
  if utf8.len(w) > 3 then loud[#loud + 1] = string.upper(w) end
end
local out = table.concat(loud, ",")
print(#out)
