import CCurl
import CGit2
import CPostgres
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

    /// libpq is dlopen()ed by the shim, not linked: it loads on first use and answers.
    func testLibpqShimLoadsOnDemandAndReportsAFailedConnection() {
        XCTAssertEqual(aura_pq_load(), 1, String(cString: aura_pq_load_error()))
        XCTAssertGreaterThanOrEqual(aura_pq_lib_version(), 100_000, "libpq >= 10 expected")
        let keywords: [UnsafePointer<CChar>?] = [UnsafePointer(strdup("host")), UnsafePointer(strdup("port")), UnsafePointer(strdup("connect_timeout")), nil]
        let values: [UnsafePointer<CChar>?] = [UnsafePointer(strdup("127.0.0.1")), UnsafePointer(strdup("1")), UnsafePointer(strdup("2")), nil]
        defer { (keywords + values).forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        let connection = aura_pq_connectdb_params(keywords, values, 0)
        defer { aura_pq_finish(connection) }
        XCTAssertNotNil(connection)
        XCTAssertNotEqual(Int(aura_pq_status(connection)), AURA_PG_CONNECTION_OK)
        XCTAssertTrue(String(cString: aura_pq_error_message(connection)).contains("127.0.0.1"))
    }
}
