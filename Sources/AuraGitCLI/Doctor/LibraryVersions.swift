#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AuraGit
import AuraLedger
import AuraVM

/// Versions of the C libraries AURA uses, as loaded at run time.
enum LibraryVersions {
    static func findings() -> [DoctorFinding] {
        var findings = [
            DoctorFinding.ok("libgit2", LibGit2Runtime.version),
            DoctorFinding.ok("sqlite", Ledger.sqliteLibraryVersion()),
        ]
        switch curl() {
        case .success(let version):
            findings.append(.ok("libcurl", "\(version) (loaded on demand for +http and model providers)"))
        case .failure(let error):
            findings.append(DoctorFinding(check: "libcurl", status: .warn,
                                          message: "cannot be loaded (\(error.text)): +http and model providers will not work",
                                          fix: "sudo apt-get install libcurl4"))
        }
        // libpq is dlopen()ed by the same shim the `postgres://` connect uses (Sources/CPostgres).
        if let version = PostgresConnection.libraryVersion {
            findings.append(.ok("libpq", "\(version) (loaded on demand for postgres:// databases)"))
        } else {
            findings.append(DoctorFinding(check: "libpq", status: .warn,
                                          message: "cannot be loaded (\(PostgresConnection.libraryLoadError)): postgres:// databases will not work",
                                          fix: "sudo apt-get install libpq5"))
        }
        return findings
    }

    struct LoadError: Error { let text: String }

    /// libcurl is dlopen()ed on first use (Sources/CCurl/shim.h), never linked: load it the same
    /// way and ask `curl_version()`.
    static func curl() -> Result<String, LoadError> {
        guard let handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL) else {
            return .failure(LoadError(text: dlerror().map { String(cString: $0) } ?? "not found"))
        }
        guard let symbol = dlsym(handle, "curl_version") else { return .failure(LoadError(text: "libcurl lacks curl_version")) }
        typealias VersionFunction = @convention(c) () -> UnsafePointer<CChar>?
        let function = unsafeBitCast(symbol, to: VersionFunction.self)
        guard let text = function() else { return .failure(LoadError(text: "curl_version returned nothing")) }
        // "libcurl/8.5.0 OpenSSL/3.0.13 zlib/1.3 ..." → "8.5.0"
        let first = String(cString: text).split(separator: " ").first ?? ""
        return .success(String(first.split(separator: "/").last ?? first))
    }
}
