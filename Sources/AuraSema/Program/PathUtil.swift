/// `/`-separated path arithmetic for project-relative paths.
enum PathUtil {
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// Joins and normalises `a/b/../c` → `a/c`; nil when it would climb above the root.
    static func join(_ directory: String, _ relative: String) -> String? {
        var parts: [Substring] = directory.isEmpty ? [] : directory.split(separator: "/")
        for part in relative.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                if parts.isEmpty || parts.last == ".." {
                    if directory.hasPrefix("/") { return nil }
                    parts.append(part)
                } else {
                    parts.removeLast()
                }
                continue
            }
            parts.append(part)
        }
        return (directory.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}
