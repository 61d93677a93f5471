import AuraLedger

/// A ledger with a known history, for exact stats, insights and metrics.
///
/// Sessions: s1 (2 s, h-1), s2 (4 s, h-2), s3 (10 s, h-3), s4 (1 s, no heal), s5 (status, dry run).
/// Attempts: E0501 in src/store.aura ×4 (3 applied, 1 rejected; safe), E0201 in src/app.aura ×3
/// (1 applied, 2 rejected; low), E0402 ×1 skipped (safe), T0001 ×2 no fix. Undo of h-2 at 2500
/// and of a restore (not a heal) at 2600.
enum SeededLedger {
    static func seed(_ ledger: Ledger) throws {
        for (id, start, end, heal) in [("s1", 1000.0, 1002.0, "h-1"), ("s2", 2000, 2004, "h-2"), ("s3", 3000, 3010, "h-3"), ("s4", 4000, 4001, nil)] {
            try ledger.beginSession(SessionRecord(id: id, trigger: "cli", command: "heal", policy: "autonomous", startedAt: start))
            try ledger.endSession(id, outcome: heal == nil ? "pending" : "healed", endedAt: end, healID: heal, problems: 3, healable: id == "s4" ? 1 : 0)
        }
        try ledger.beginSession(SessionRecord(id: "s5", trigger: "cli", command: "status", policy: "guided", dryRun: true, startedAt: 5000))
        try ledger.endSession("s5", outcome: "pending", endedAt: 5000.5, problems: 2, healable: 2)
        var attempts: [AttemptRecord] = []
        func add(_ session: String, _ code: String, _ message: String, _ path: String, _ rule: String?, _ risk: String?, _ outcome: String, _ at: Double) {
            attempts.append(AttemptRecord(sessionID: session, code: code, message: message, path: path, line: 3,
                                          provider: rule == nil ? nil : "rules", rule: rule, risk: risk, confidence: rule == nil ? nil : 0.97,
                                          decision: outcome == "noFix" ? "none" : outcome == "skipped" ? "skip" : "apply",
                                          outcome: outcome, durationMs: 12, at: at))
        }
        for (session, at) in [("s1", 1000.0), ("s2", 2000), ("s3", 3000)] {
            add(session, "E0501", "missing +db", "src/store.aura", "rules/missing-capability", "safe", "applied", at)
        }
        add("s4", "E0501", "missing +db", "src/store.aura", "rules/missing-capability", "safe", "rejected", 4000)
        add("s1", "E0201", "unknown name `totl`", "src/app.aura", "rules/similar-name", "low", "applied", 1000)
        add("s2", "E0201", "unknown name `totl`", "src/app.aura", "rules/similar-name", "low", "rejected", 2000)
        add("s3", "E0201", "unknown name `totl`", "src/app.aura", "rules/similar-name", "low", "rejected", 3000)
        add("s4", "E0402", "`save` is effectful", "src/app.aura", "rules/missing-bang", "safe", "skipped", 4000)
        add("s3", "T0001", "test totals fails", "src/app.aura", nil, nil, "noFix", 3000)
        add("s4", "T0001", "test totals fails", "src/app.aura", nil, nil, "noFix", 4000)
        try ledger.recordAttempts(attempts)
        try ledger.recordOperation(OperationRecord(sessionID: nil, kind: .undo, entryID: "h-2", ref: "refs/aura/heal", refBefore: "b", refAfter: "a", at: 2500))
        try ledger.recordOperation(OperationRecord(sessionID: nil, kind: .undo, entryID: "r-7", ref: "refs/aura/heal", refBefore: "c", refAfter: "b", at: 2600))
    }
}
