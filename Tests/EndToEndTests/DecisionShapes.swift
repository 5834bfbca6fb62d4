import Foundation
import Testing
import TestSupport

/// Helpers the Decision* suites share: repositories built to the shapes of issue 13 and explain's
/// JSON read back.
enum DecisionShapes {
    /// `git deploy explain --format json ARGS` in `repo`; fails the test unless it exits 0.
    static func explain(_ repo: TestRepository, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> [String: Any] {
        let result = try GitDeployBinary.run(["explain", "--format", "json"] + arguments, in: repo.directory, environment: environment)
        #expect(result.status == 0, "explain \(arguments): \(result.stderr)")
        return try GitDeployBinary.json(result)
    }

    static func release(_ json: [String: Any]) -> [String: Any] { json["release"] as? [String: Any] ?? [:] }
    static func version(_ json: [String: Any]) -> String? { release(json)["version"] as? String }
    static func scan(_ json: [String: Any]) -> [String: Any] { json["scan"] as? [String: Any] ?? [:] }

    /// `count` empty commits with Conventional subjects `prefix N`; returns the last id.
    @discardableResult
    static func commits(_ repo: TestRepository, _ count: Int, _ prefix: String = "chore: work") throws -> String {
        var last = ""
        for index in 1...count { last = try repo.commit("\(prefix) \(index)", files: ["work/\(prefix.prefix(4))-\(UUID().uuidString.prefix(8))": "\(index)\n"]) }
        return last
    }

    /// The shape of a project that tags only on its release branches (argo-cd): an old tag on
    /// main, `release-2.13` and `release-2.14` cut from main with their tags, and main going on
    /// `after` commits past the newest fork point. Returns the fork point of `release-2.14`.
    @discardableResult
    static func releaseBranchProject(_ repo: TestRepository, after: Int = 5) throws -> String {
        try repo.git("tag", "v0.8.0")
        try commits(repo, 3)
        try repo.git("branch", "release-2.13")
        try commits(repo, 2)
        let fork = try repo.head()
        try repo.git("branch", "release-2.14")
        try repo.git("checkout", "-q", "release-2.13")
        try repo.commit("fix: backport")
        try repo.git("tag", "v2.13.0")
        try repo.commit("fix: another backport")
        try repo.git("tag", "v2.13.1")
        try repo.git("checkout", "-q", "release-2.14")
        try repo.commit("fix: release prep")
        try repo.git("tag", "v2.14.0")
        try repo.git("checkout", "-q", "main")
        try commits(repo, after, "fix: on main")
        return fork
    }
}
