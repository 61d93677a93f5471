local cjson = require("cjson")
local items = {}
for i = 0, 99999 do
  items[#items + 1] = { id = i, name = "item number " .. i, tags = { "t" .. (i % 7), "t" .. (i % 11), "common" }, price = i * 1.25, active = i % 2 == 0 }
end
local text = cjson.encode(items)
local data = cjson.decode(text)
local active, total = 0, 0.0
for _, item in ipairs(data) do
  if item.active then active = active + 1 end
  total = total + item.price
end
print(#text)
print(active)
print(total)
