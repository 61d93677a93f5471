local emps = {}
for i = 0, 199999 do
  emps[#emps + 1] = { name = "e" .. i, age = 20 + i % 40, dept = "d" .. (i % 10), salary = 1000 + i % 5000, active = i % 3 ~= 0 }
end
local total = 0
for _, e in ipairs(emps) do if e.active and e.age > 30 then total = total + e.salary end end
local names = {}
for _, e in ipairs(emps) do
  if e.dept == "d3" then names[#names + 1] = e.name end
  if #names == 3 then break end
end
print(total)
print(table.concat(names, ","))
