class Emp:
    __slots__ = ("name", "age", "dept", "salary", "active")
    def __init__(self, name, age, dept, salary, active):
        self.name, self.age, self.dept, self.salary, self.active = name, age, dept, salary, active

emps = []
for i in range(200000):
    emps.append(Emp(f"e{i}", 20 + i % 40, f"d{i % 10}", 1000 + i % 5000, i % 3 != 0))
total = sum(e.salary for e in emps if e.active and e.age > 30)
names = [e.name for e in emps if e.dept == "d3"][:3]
print(total)
print(",".join(names))
