import AuraLedger
import Foundation

// Writes rows into one ledger, for the two-process concurrency test:
//   ledger-probe PATH NAME ROWS START   (START: seconds since 1970 when both writers begin)
let arguments = CommandLine.arguments
guard arguments.count == 5, let rows = Int(arguments[3]), let start = Double(arguments[4]) else {
    FileHandle.standardError.write(Data("usage: ledger-probe PATH NAME ROWS START\n".utf8))
    exit(64)
}
let (path, name) = (arguments[1], arguments[2])
// Both writers wait for the same moment so their writes really overlap.
while Date().timeIntervalSince1970 < start { usleep(1000) }
do {
    let ledger = try Ledger.open(at: path)
    for index in 0..<rows {
        try ledger.recordOperation(OperationRecord(sessionID: name, kind: .snapshot, entryID: "\(name)-\(index)",
                                                   ref: "refs/aura/heal", refBefore: nil, refAfter: nil, at: Double(index)))
        try ledger.recordAttempt(AttemptRecord(sessionID: nil, code: "E0201", path: name, line: index, decision: "apply",
                                               outcome: "applied", at: Double(index)))
    }
} catch {
    FileHandle.standardError.write(Data("ledger-probe \(name): \(error)\n".utf8))
    exit(1)
}
