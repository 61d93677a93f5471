@testable import AuraGit
import XCTest

/// Configuration with git's precedence, including `git -c` overrides.
final class ConfigTests: XCTestCase {
    func testLocalValueAndOriginAndTypedReads() throws {
        let repo = try TempRepository()
        try repo.git("config", "aura.policy", "supervised")
        try repo.git("config", "aura.history.size", "2k")
        try repo.git("config", "aura.verify.allowNetwork", "yes")
        let config = try GitConfig(repository: try repo.open(), environment: [:])
        XCTAssertEqual(config.value("aura.policy"), ConfigValue(value: "supervised", origin: .local))
        XCTAssertEqual(try config.int("aura.history.size"), 2048)
        XCTAssertEqual(try config.bool("aura.verify.allowNetwork"), true)
        XCTAssertNil(config.value("aura.provider"))
        XCTAssertThrowsError(try config.int("aura.policy")) { error in
            XCTAssertEqual(error as? GitError, .invalidConfigValue(key: "aura.policy", value: "supervised", expected: "an integer"))
        }
        XCTAssertEqual(Set(try config.values(matching: "^aura\\.").keys),
                       ["aura.policy", "aura.history.size", "aura.verify.allownetwork"])
    }

    func testCommandLineOverridesWinOverLocal() throws {
        let repo = try TempRepository()
        try repo.git("config", "aura.policy", "guided")
        let env = ["GIT_CONFIG_PARAMETERS": "'aura.policy'='autonomous' 'Aura.Claude.Model'='x y' 'core.bare'"]
        let config = try GitConfig(repository: try repo.open(), environment: env)
        XCTAssertEqual(config.value("aura.policy"), ConfigValue(value: "autonomous", origin: .commandLine))
        // Section and variable names are case-insensitive, the subsection is not (as in git).
        XCTAssertEqual(config.string("AURA.Claude.MODEL"), "x y")
        XCTAssertNil(config.string("aura.claude.model"))
        XCTAssertEqual(try config.bool("core.bare"), true)
        XCTAssertEqual(try config.values(matching: "^aura\\.")["aura.policy"]?.origin, .commandLine)
    }

    func testParsesWhatGitItselfPasses() throws {
        // Capture GIT_CONFIG_PARAMETERS exactly as git sets it for a subcommand.
        let repo = try TempRepository()
        let script = repo.root + "/../show-params.sh"
        try "#!/bin/sh\nprintf '%s' \"$GIT_CONFIG_PARAMETERS\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        try repo.git("config", "alias.params", "!\(script)")
        let raw = try repo.git("-c", "aura.policy=manual", "-c", "aura.Sub.Key=it's", "-c", "aura.flag",
                               "-c", "aura.policy=supervised", "-c", "aura.empty=", "params")
        let overrides = ConfigOverrides(environment: ["GIT_CONFIG_PARAMETERS": raw])
        XCTAssertEqual(overrides.value(for: "aura.policy"), "supervised", raw)
        XCTAssertEqual(overrides.value(for: "aura.Sub.key"), "it's", raw)
        XCTAssertEqual(overrides.value(for: "aura.flag"), "true", raw)
        XCTAssertEqual(overrides.value(for: "aura.empty"), "", raw)
    }

    func testConfigEnvCountForm() {
        let overrides = ConfigOverrides(environment: [
            "GIT_CONFIG_COUNT": "2", "GIT_CONFIG_KEY_0": "aura.policy", "GIT_CONFIG_VALUE_0": "manual",
            "GIT_CONFIG_KEY_1": "AURA.provider", "GIT_CONFIG_VALUE_1": "rules",
        ])
        XCTAssertEqual(overrides.value(for: "aura.policy"), "manual")
        XCTAssertEqual(overrides.value(for: "aura.provider"), "rules")
    }
}
