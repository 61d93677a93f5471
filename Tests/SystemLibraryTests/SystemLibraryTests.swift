import CCurl
import CGit2
import CSQLite3
import XCTest

/// Proves the system-library targets are wired: each library links and its shim compiles.
final class SystemLibraryTests: XCTestCase {
    func testLibgit2LinksAndReportsItsVersion() {
        var major: Int32 = 0, minor: Int32 = 0, rev: Int32 = 0
        XCTAssertEqual(git_libgit2_version(&major, &minor, &rev), 0)
        XCTAssertGreaterThanOrEqual(major * 100 + minor, 105, "libgit2 >= 1.5 expected")
    }

    func testCurlShimSetsOptions() throws {
        XCTAssertEqual(aura_curl_global_init(Int(CURL_GLOBAL_DEFAULT)), CURLE_OK)
        let handle = try XCTUnwrap(aura_curl_easy_init())
        defer { aura_curl_easy_cleanup(handle) }
        XCTAssertEqual(aura_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, 5), CURLE_OK)
        XCTAssertEqual(aura_curl_setopt_string(handle, CURLOPT_URL, "http://127.0.0.1:9/"), CURLE_OK)
    }

    func testSQLiteOpensInMemoryDatabase() {
        var db: OpaquePointer?
        XCTAssertEqual(sqlite3_open(":memory:", &db), SQLITE_OK)
        defer { sqlite3_close(db) }
        XCTAssertEqual(sqlite3_exec(db, "CREATE TABLE t(x)", nil, nil, nil), SQLITE_OK)
        XCTAssertGreaterThanOrEqual(sqlite3_libversion_number(), 3_030_000)
    }
}
