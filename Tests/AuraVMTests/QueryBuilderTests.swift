import AuraSema
@testable import AuraVM
import XCTest

/// The query builder's SQL and values on SQLite: what `where` becomes, what is bound instead of
/// spliced, how stages compose, and the errors a program can still meet at run time. The same
/// programs on PostgreSQL are in Fixtures/db-engines (DatabaseEngineParityTests).
final class QueryBuilderTests: XCTestCase {
    private func run(_ source: String) -> (output: String, error: RuntimeError?) { runProgram(source) }

    private let table = """
        +db
        @User @table("users") { id:i @pk name:s age:i active:b nick:s? }

        """

    func testConditionsBecomeParameterisedSQL() {
        let (output, error) = run(table + """
            minimum = 18
            main = {
                print!(db.sql(User))
                print!(db.sql(User | where(u => u.age >= minimum and not u.active or 40 < u.age)))
                print!(db.sql(User | where(_.nick == none) | where(_.name != "x")))
                print!(db.sql(User | where(_.nick != "x")))
                print!(db.sql(User | where(u => contains(u.name, "50%_off\\\\")) | order_by_desc(_.age) | order_by(_.id)))
                print!(db.sql(User | offset(5) | limit(10) | offset(2)))
                print!(db.sql(User | limit(10) | limit(3)))
            }
            """)
        XCTAssertNil(error)
        XCTAssertEqual(output.split(separator: "\n"), [
            #"SELECT * FROM "users" ORDER BY "id""#,
            #"SELECT * FROM "users" WHERE (("age" >= ? AND NOT ("active")) OR "age" > ?) ORDER BY "id""#,
            #"SELECT * FROM "users" WHERE "nick" IS NULL AND "name" <> ? ORDER BY "id""#,
            #"SELECT * FROM "users" WHERE ("nick" <> ? OR "nick" IS NULL) ORDER BY "id""#,
            #"SELECT * FROM "users" WHERE "name" LIKE ? ESCAPE '\' ORDER BY "age" DESC, "id""#,
            #"SELECT * FROM "users" ORDER BY "id" LIMIT 8 OFFSET 7"#,
            #"SELECT * FROM "users" ORDER BY "id" LIMIT 3"#,
        ])
    }

    func testLikeAndGlobPatternsEscapeTheirWildcards() throws {
        let schema = TableSchema(name: "t", recordName: "T", columns: [.init(name: "id", kind: .int, isOptional: false), .init(name: "s", kind: .string, isOptional: false)], primaryKey: 0)
        let layout = RecordLayout(name: "T", fieldNames: ["id", "s"], table: schema)
        let query = QueryValue(layout: layout).adding(BoundFilter(predicate: .match(column: "s", .contains, parameter: 0), values: [.string(#"a%b_c\d*e?f[g"#)]))
        let standard = try QuerySQL(dialect: .standard).select(query)
        XCTAssertEqual(standard.parameters.map(\.display), [#"%a\%b\_c\\d*e?f[g%"#])
        let sqlite = try QuerySQL(dialect: .sqlite).select(query)
        XCTAssertEqual(sqlite.text, #"SELECT * FROM "t" WHERE "s" GLOB ? ORDER BY "id""#)
        XCTAssertEqual(sqlite.parameters.map(\.display), [#"*a%b_c\d[*]e[?]f[[]g*"#])
    }

    /// A table name with a double quote stays one quoted identifier.
    func testIdentifiersAreQuoted() throws {
        XCTAssertEqual(TableSchema.quote(#"we"ird"#), #""we""ird""#)
        let (output, error) = run("""
            +db
            @Note @table("no\\"tes") { id:i @pk text:s }
            main = print!(db.sql(Note))
            """)
        XCTAssertNil(error)
        XCTAssertEqual(output, #"SELECT * FROM "no""tes" ORDER BY "id""# + "\n")
    }

    func testTableNamesDefaultToSnakeCase() {
        XCTAssertEqual(TableInfo.snakeCase("User"), "user")
        XCTAssertEqual(TableInfo.snakeCase("OrderItem"), "order_item")
        XCTAssertEqual(TableInfo.snakeCase("HTTPLog"), "http_log")
        XCTAssertEqual(TableInfo.snakeCase("Item2Tag"), "item2_tag")
    }

    func testRowsComeBackTypedAndOrderedByKey() {
        let (output, error) = run(table + """
            main = {
                conn = db.connect!("sqlite::memory:")
                db.execute!(conn, "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, age INTEGER, active INTEGER, nick TEXT)", [])
                db.insert!(conn, User { id: 2, name: "Bo", age: 20, active: false })
                db.insert!(conn, User { id: 1, name: "Ana", age: 30, active: true, nick: "a" })
                users = db.all!(conn, User)
                print!(users)
                print!(users | map(_.age) | sum)
                print!(db.count!(conn, User | where(_.active)))
            }
            """)
        XCTAssertNil(error)
        XCTAssertEqual(output, """
            [User { id: 1, name: "Ana", age: 30, active: true, nick: "a" }, User { id: 2, name: "Bo", age: 20, active: false, nick: none }]
            50
            1

            """)
    }

    /// SQL filters before it limits; on a list, `limit` then `where` filters the limited rows.
    /// The builder refuses the order it cannot mean.
    func testWhereAfterLimitIsRefused() {
        let (_, error) = run(table + "main = print!(db.sql(User | limit(3) | where(_.active)))")
        XCTAssertEqual(error?.code, .databaseError)
        XCTAssertEqual(error?.message, "`where` after `limit` or `offset` on a query")
    }

    func testAMissingColumnAndANullInARequiredFieldNameTheColumn() {
        let missing = run(table + """
            main = {
                conn = db.connect!("sqlite::memory:")
                db.execute!(conn, "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, age INTEGER, active INTEGER)", [])
                db.execute!(conn, "INSERT INTO users VALUES (1, 'Ana', 3, 1)", [])
                print!(db.all!(conn, User))
            }
            """)
        XCTAssertEqual(missing.error?.code, .rowMismatch)
        XCTAssertEqual(missing.error?.message, "table `users` has no column `nick`, which `User.nick` needs")
        let null = run(table + """
            main = {
                conn = db.connect!("sqlite::memory:")
                db.execute!(conn, "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, age INTEGER, active INTEGER, nick TEXT)", [])
                db.execute!(conn, "INSERT INTO users VALUES (1, NULL, 3, 1, NULL)", [])
                print!(db.first!(conn, User))
            }
            """)
        XCTAssertEqual(null.error?.code, .rowMismatch)
        XCTAssertEqual(null.error?.message, "column `name` of table `users` holds NULL, but `User.name` is `s`")
    }

    /// An engine error from a builder call names that call, not the `db.query!` underneath.
    func testEngineErrorsNameTheBuilderCall() {
        let (_, error) = run(table + """
            main = {
                conn = db.connect!("sqlite::memory:")
                print!(db.count!(conn, User))
            }
            """)
        XCTAssertEqual(error?.message, "db.count! failed: no such table: users")
    }

    /// A `where` lambda is never compiled as a function: its parameters are evaluated where the
    /// query is built, in the enclosing scope, so a `var` read there sees its value at that time.
    func testParametersAreTakenWhenTheQueryIsBuilt() {
        let (output, error) = run(table + """
            main = {
                var minimum = 10
                q = User | where(_.age > minimum)
                minimum = 99
                conn = db.connect!("sqlite::memory:")
                db.execute!(conn, "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, age INTEGER, active INTEGER, nick TEXT)", [])
                db.insert!(conn, User { id: 1, name: "Ana", age: 30, active: true })
                print!(db.count!(conn, q))
                print!(db.count!(conn, User | where(_.age > minimum)))
            }
            """)
        XCTAssertNil(error)
        XCTAssertEqual(output, "1\n0\n")
    }
}
