#if canImport(Glibc)
import Glibc
#endif
import AuraJSON

/// Kernel limits a verification worker puts on itself before it runs repository code: what
/// the in-VM budgets cannot stop (a runaway allocation inside a builtin, a native crash) ends
/// the worker, never `git aura`.
public struct OSLimits: Sendable, Equatable {
    /// RLIMIT_AS: virtual memory. Generous, because the Swift runtime and the big-stack thread
    /// reserve address space they never touch.
    public var addressSpaceBytes: Int
    /// RLIMIT_CPU, in seconds of CPU time for the whole worker.
    public var cpuSeconds: Int
    /// RLIMIT_FSIZE: the largest file the program may write (in scratch).
    public var fileSizeBytes: Int
    /// RLIMIT_NOFILE.
    public var openFiles: Int

    public init(addressSpaceBytes: Int = 6 << 30, cpuSeconds: Int = 120, fileSizeBytes: Int = 64 << 20, openFiles: Int = 256) {
        self.addressSpaceBytes = addressSpaceBytes
        self.cpuSeconds = cpuSeconds
        self.fileSizeBytes = fileSizeBytes
        self.openFiles = openFiles
    }

    var json: JSON {
        .object([("as", .integer(Int64(addressSpaceBytes))), ("cpu", .integer(Int64(cpuSeconds))),
                 ("fsize", .integer(Int64(fileSizeBytes))), ("nofile", .integer(Int64(openFiles)))])
    }

    init(json: JSON) throws(IsolatedRunFailure) {
        guard let space = json["as"]?.int, let cpu = json["cpu"]?.int, let size = json["fsize"]?.int, let files = json["nofile"]?.int else {
            throw IsolatedRunFailure("the request's OS limits are incomplete")
        }
        self.init(addressSpaceBytes: space, cpuSeconds: cpu, fileSizeBytes: size, openFiles: files)
    }

    /// Applies the limits to the calling process (the worker, before it loads any program).
    /// Returns the limits that could not be set (none, normally).
    @discardableResult
    public func apply() -> [String] {
        var failed: [String] = []
        func set(_ resource: __rlimit_resource, _ value: Int, _ name: String) {
            var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
            if setrlimit(__rlimit_resource_t(resource.rawValue), &limit) != 0 { failed.append(name) }
        }
        set(RLIMIT_AS, addressSpaceBytes, "RLIMIT_AS")
        // The soft CPU limit sends SIGXCPU; the hard one a second later SIGKILL.
        var cpu = rlimit(rlim_cur: rlim_t(cpuSeconds), rlim_max: rlim_t(cpuSeconds + 1))
        if setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &cpu) != 0 { failed.append("RLIMIT_CPU") }
        set(RLIMIT_FSIZE, fileSizeBytes, "RLIMIT_FSIZE")
        set(RLIMIT_NOFILE, openFiles, "RLIMIT_NOFILE")
        set(RLIMIT_CORE, 0, "RLIMIT_CORE")
        return failed
    }

    /// Moves the calling process into a new, empty network namespace (no interface is up, not
    /// even loopback), directly as root or through a user namespace otherwise. False when the
    /// kernel refuses both; the in-VM network denial still applies.
    public static func isolateNetwork() -> Bool {
        let newNet: Int32 = 0x4000_0000, newUser: Int32 = 0x1000_0000
        if linuxUnshare(newNet) == 0 { return true }
        return linuxUnshare(newUser | newNet) == 0
    }
}

/// glibc's `unshare(2)`, which the Glibc module does not import (it is declared only under
/// `_GNU_SOURCE`). A one-function binding is smaller than a C shim target for it.
@_silgen_name("unshare")
private func linuxUnshare(_ flags: Int32) -> Int32
