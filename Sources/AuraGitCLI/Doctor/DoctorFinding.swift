/// One line of `git aura doctor`: a check, what it found and, when something is wrong, the
/// exact command that fixes it.
struct DoctorFinding: Codable, Equatable {
    enum Status: String, Codable {
        /// As it should be.
        case ok
        /// Works, but something is missing or off (hooks not installed, breaker open).
        case warn
        /// Broken (invalid policy, damaged ledger or refs).
        case fail
    }

    let check: String
    let status: Status
    let message: String
    let fix: String?

    static func ok(_ check: String, _ message: String) -> DoctorFinding {
        DoctorFinding(check: check, status: .ok, message: message, fix: nil)
    }
}

/// The whole report: HEALTHY when every finding is ok.
struct DoctorReport: Codable {
    let health: String
    let findings: [DoctorFinding]

    init(findings: [DoctorFinding]) {
        self.findings = findings
        health = findings.allSatisfy { $0.status == .ok } ? "HEALTHY" : "DEGRADED"
    }

    var healthy: Bool { health == "HEALTHY" }
}
