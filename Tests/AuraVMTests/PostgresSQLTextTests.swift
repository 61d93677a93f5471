@testable import AuraVM
import XCTest

/// The scan every PostgreSQL statement goes through before it is sent: `?` → `$n` outside
/// literals, identifiers, dollar quotes and comments; one statement per call; leading keywords.
final class PostgresSQLTextTests: XCTestCase {
    func testQuestionMarksBecomeNumberedPlaceholders() {
        let text = PostgresSQLText("INSERT INTO users VALUES (?, ?, ?)")
        XCTAssertEqual(text.sql, "INSERT INTO users VALUES ($1, $2, $3)")
        XCTAssertEqual(text.parameterCount, 3)
        XCTAssertFalse(text.hasMoreStatements)
    }

    func testQuestionMarksInLiteralsIdentifiersDollarQuotesAndCommentsAreText() {
        let sql = """
            SELECT 'what?' AS "really?", E'it\\'s ?' AS e, $$ ? $$ AS d, $tag$ ?'; $tag$ AS t, ? AS x -- a comment?
            /* outer ? /* nested ? */ still ? */ FROM t WHERE a = ?
            """
        let text = PostgresSQLText(sql)
        XCTAssertEqual(text.parameterCount, 2)
        XCTAssertEqual(text.sql, sql.replacingOccurrences(of: "? AS x", with: "$1 AS x").replacingOccurrences(of: "a = ?", with: "a = $2"))
        XCTAssertFalse(text.hasMoreStatements, "the ; inside the dollar quote is text")
    }

    func testDoubledQuotesDoNotEndALiteral() {
        let text = PostgresSQLText("SELECT 'it''s ?', \"a \"\"?\"\" b\" FROM t WHERE x = ?")
        XCTAssertEqual(text.sql, "SELECT 'it''s ?', \"a \"\"?\"\" b\" FROM t WHERE x = $1")
        XCTAssertEqual(text.parameterCount, 1)
    }

    func testNumberedPlaceholdersAreKeptAndCountedByTheHighest() {
        let text = PostgresSQLText("SELECT $2::int + $1::int AS total")
        XCTAssertEqual(text.sql, "SELECT $2::int + $1::int AS total")
        XCTAssertEqual(text.parameterCount, 2)
    }

    func testAStatementWithNumberedPlaceholdersKeepsJsonbQuestionOperators() {
        let text = PostgresSQLText("SELECT doc ? 'name' AS has_name FROM docs WHERE id = $1")
        XCTAssertEqual(text.sql, "SELECT doc ? 'name' AS has_name FROM docs WHERE id = $1")
        XCTAssertEqual(text.parameterCount, 1)
    }

    func testDollarSignsInsideIdentifiersAreNeitherQuotesNorPlaceholders() {
        let text = PostgresSQLText("SELECT price$1 FROM t WHERE a = ?")
        XCTAssertEqual(text.sql, "SELECT price$1 FROM t WHERE a = $1")
        XCTAssertEqual(text.parameterCount, 1)
    }

    func testSQLAfterTheFirstSemicolonIsAnotherStatement() {
        XCTAssertTrue(PostgresSQLText("SELECT 1; DROP TABLE users; --").hasMoreStatements)
        XCTAssertTrue(PostgresSQLText("SELECT * FROM users WHERE name = ''; DROP TABLE users; --'").hasMoreStatements)
        XCTAssertFalse(PostgresSQLText("SELECT 1;  -- trailing comment\n;  /* and this */ ").hasMoreStatements)
        XCTAssertFalse(PostgresSQLText("SELECT ';' AS semicolon").hasMoreStatements)
    }

    func testLeadingWordsSkipCommentsAndAreUpperCased() {
        XCTAssertEqual(PostgresSQLText("-- start\n/* x */ commit and chain").leadingWords, ["COMMIT", "AND", "CHAIN"])
        XCTAssertEqual(PostgresSQLText("rollback to savepoint s1").leadingWords, ["ROLLBACK", "TO", "SAVEPOINT", "S1"])
    }

    func testTransactionStatementsAreClassified() {
        func classify(_ sql: String) -> PostgresTransactionControl? { PostgresTransactionControl.classify(PostgresSQLText(sql).leadingWords) }
        XCTAssertEqual(classify("BEGIN"), .begin)
        XCTAssertEqual(classify("begin isolation level serializable"), .begin)
        XCTAssertEqual(classify("START TRANSACTION"), .begin)
        XCTAssertEqual(classify("COMMIT"), .commit(chain: false))
        XCTAssertEqual(classify("END WORK"), .commit(chain: false))
        XCTAssertEqual(classify("COMMIT WORK AND CHAIN"), .commit(chain: true))
        XCTAssertEqual(classify("COMMIT AND NO CHAIN"), .commit(chain: false))
        XCTAssertEqual(classify("ROLLBACK"), .rollback(chain: false))
        XCTAssertEqual(classify("ABORT"), .rollback(chain: false))
        XCTAssertNil(classify("ROLLBACK TO SAVEPOINT s1"))
        XCTAssertNil(classify("ROLLBACK WORK TO s1"))
        XCTAssertEqual(classify("PREPARE TRANSACTION 'x'"), .twoPhase)
        XCTAssertEqual(classify("COMMIT PREPARED 'x'"), .twoPhase)
        XCTAssertEqual(classify("ROLLBACK PREPARED 'x'"), .twoPhase)
        XCTAssertNil(classify("PREPARE q AS SELECT 1"))
        XCTAssertNil(classify("SELECT 'BEGIN'"))
        XCTAssertNil(classify("START_TIME"))
    }
}

/// One redaction for every message, `displayName` and policy line that may quote a URL.
final class DatabaseURLTests: XCTestCase {
    func testPasswordsInURLsAreHidden() {
        XCTAssertEqual(DatabaseURL.redacted("postgres://admin:hunter2@db.example:5432/app?sslmode=require"),
                       "postgres://admin:***@db.example:5432/app?sslmode=require")
        XCTAssertEqual(DatabaseURL.redacted("cannot reach postgresql://u:p%40ss@h/db (timeout)"), "cannot reach postgresql://u:***@h/db (timeout)")
        XCTAssertEqual(DatabaseURL.redacted("postgres://u:p@ss@h/db"), "postgres://u:***@h/db", "the last @ ends the user information")
        XCTAssertEqual(DatabaseURL.redacted("postgres://h/db?user=u&password=hunter2&sslmode=disable"),
                       "postgres://h/db?user=u&password=***&sslmode=disable")
        XCTAssertEqual(DatabaseURL.redacted("host=h PASSWORD=hunter2 dbname=x"), "host=h PASSWORD=*** dbname=x")
        XCTAssertEqual(DatabaseURL.redacted("<db postgres://u:pa/ss@h/db>"), "<db postgres://u:***@h/db>", "an unencoded / in the password")
        XCTAssertEqual(DatabaseURL.redacted("postgres://u:p#?x@h/db failed"), "postgres://u:***@h/db failed")
    }

    func testURLsWithoutPasswordsAreUnchanged() {
        for text in ["postgres://admin@db/app", "postgres://db:5432/app", "sqlite::memory:", "sqlite:data/app.db", "no_password=x"] {
            XCTAssertEqual(DatabaseURL.redacted(text), text)
        }
    }

    func testPostgresSchemesAreRecognised() {
        XCTAssertTrue(DatabaseURL.isPostgres("postgres://h/db"))
        XCTAssertTrue(DatabaseURL.isPostgres("PostgreSQL://h/db"))
        XCTAssertFalse(DatabaseURL.isPostgres("sqlite::memory:"))
        XCTAssertFalse(DatabaseURL.isPostgres("postgres:/h"))
    }
}
