import Testing
@testable import DeployKit

@Suite("glob patterns (GitHub branch-policy semantics)", .tags(.fast))
struct GlobPatternTests {
    @Test("single star stays within one segment, double star crosses", arguments: [
        ("release/*", "release/2.0", true),
        ("release/*", "release/2.0/hotfix", false),
        ("release/*", "release/", true),
        ("release/**", "release/2.0/hotfix", true),
        ("**/migrations/**", "db/migrations/001.sql", true),
        ("**/migrations/**", "migrations/001.sql", true),
        ("**/migrations/**", "app/db/migrations/sub/x.sql", true),
        ("**/migrations/**", "db/migrationsx/001.sql", false),
        ("**/*.sql", "schema.sql", true),
        ("**/*.sql", "a/b/c/schema.sql", true),
        ("**/*.sql", "a/b/schema.sqlx", false),
        ("services/*", "services/api", true),
        ("services/*", "services/api/x", false),
        ("release-*", "release-2024", true),
        ("main", "main", true),
        ("main", "mainline", false),
        ("main", "feature/main", false),
        ("v?.?", "v1.2", true),
        ("v?.?", "v1/2", false),
        ("deploy-[0-9]*", "deploy-7x", true),
        ("deploy-[!0-9]*", "deploy-7x", false),
        ("a/**/b", "a/b", true),
        ("a/**/b", "a/x/y/b", true),
        ("café/*", "café/1", true),
        ("[é]", "é", true),
    ])
    func matching(pattern: String, name: String, expected: Bool) throws {
        #expect(try GlobPattern(pattern).matches(name) == expected)
    }

    @Test("patterns are anchored at both ends")
    func anchored() throws {
        let glob = try GlobPattern("hotfix/*")
        #expect(!glob.matches("x-hotfix/1"))
        #expect(!glob.matches("hotfix"))
        #expect(glob.matches("hotfix/1"))
    }

    @Test("an unclosed class and a backwards range are errors that name the pattern")
    func invalidPatterns() {
        #expect(throws: GlobError.self) { try GlobPattern("release/[abc") }
        #expect(throws: GlobError.self) { try GlobPattern("[z-a]") }
        do {
            _ = try GlobPattern("x[")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("x["))
        }
    }

    @Test("a pathological pattern finishes quickly thanks to memoisation")
    func noExponentialBlowup() throws {
        let glob = try GlobPattern(String(repeating: "**a", count: 12) + "b")
        #expect(!glob.matches(String(repeating: "a", count: 60)))
    }
}
