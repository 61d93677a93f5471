/// The one version number of AURA. `aura --version`, `git aura --version` and the manual pages
/// (whose text is generated from the commands) all read it from here.
public enum AuraVersion {
    /// Semantic version of this release.
    public static let current = "0.1.0"
}
