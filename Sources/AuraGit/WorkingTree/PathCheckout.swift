import CGit2

extension Repository {
    /// Writes `paths` of `tree` into the working tree (deleting those absent from `tree`),
    /// without touching the index.
    ///
    /// `baseline` is the tree believed to be on disk for those paths. Unless `force` is set,
    /// a path whose file differs from `baseline` makes the whole call fail with
    /// `GitError.checkoutConflict` before anything is written — the user's edits are never
    /// overwritten silently. With `force`, files are overwritten: take a snapshot first.
    public func checkout(paths: [String], from tree: ObjectID, baseline: ObjectID, force: Bool = false) throws {
        if paths.isEmpty { return }
        final class Conflicts { var paths: [String] = [] }
        let conflicts = Conflicts()
        try withTree(tree) { targetTree in
            try withTree(baseline) { baselineTree in
                var options = git_checkout_options()
                try LibGit2.check(
                    git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "git_checkout_options_init")
                var strategy = GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH.rawValue
                    | GIT_CHECKOUT_DONT_UPDATE_INDEX.rawValue | GIT_CHECKOUT_DONT_WRITE_INDEX.rawValue
                strategy |= force ? GIT_CHECKOUT_FORCE.rawValue : GIT_CHECKOUT_SAFE.rawValue
                // Files the baseline does not know are "untracked" to checkout; without this
                // a path being created would not be written and one being deleted would stay.
                strategy |= GIT_CHECKOUT_RECREATE_MISSING.rawValue
                options.checkout_strategy = strategy
                options.baseline = baselineTree
                options.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT.rawValue
                options.notify_payload = Unmanaged.passUnretained(conflicts).toOpaque()
                options.notify_cb = { _, path, _, _, _, payload in
                    if let path, let payload {
                        Unmanaged<Conflicts>.fromOpaque(payload).takeUnretainedValue().paths.append(String(cString: path))
                    }
                    return 0
                }
                try withStringArray(paths) { array in
                    options.paths = array
                    let code = git_checkout_tree(pointer, targetTree, &options)
                    if code == GIT_ECONFLICT.rawValue || !conflicts.paths.isEmpty {
                        throw GitError.checkoutConflict(paths: conflicts.paths.isEmpty ? paths : conflicts.paths)
                    }
                    try LibGit2.check(code, "git_checkout_tree")
                }
            }
        }
    }
}
