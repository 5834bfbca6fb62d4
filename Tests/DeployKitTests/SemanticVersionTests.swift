import Testing
@testable import DeployKit

@Suite("semantic versions in tags", .tags(.fast))
struct SemanticVersionTests {
    @Test("release tags parse, with or without v", arguments: ["v1.2.3", "1.2.3", "v0.0.0", "10.20.30", "1.2.3+build.5"])
    func releases(tag: String) throws {
        let version = try #require(SemanticVersion(tag: tag))
        #expect(!version.isPreRelease)
    }

    @Test("pre-release tags parse as pre-releases", arguments: ["v1.4.0-rc.1", "2.0.0-beta", "1.0.0-alpha.beta.1", "1.0.0-0.3.7"])
    func preReleases(tag: String) throws {
        #expect(try #require(SemanticVersion(tag: tag)).isPreRelease)
    }

    @Test("other names are not versions", arguments: ["1.2", "v1.2.3.4", "01.2.3", "1.02.3", "vv1.2.3", "1.2.3-", "1.2.3-01",
                                                     "release-1.2.3", "1.2.3-rc..1", "V1.2.3", "1.2.x", ""])
    func notVersions(tag: String) {
        #expect(SemanticVersion(tag: tag) == nil)
    }

    @Test("precedence follows SemVer §11")
    func precedence() throws {
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                       "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0"]
        let versions = try ordered.map { try #require(SemanticVersion(tag: $0)) }
        for (lower, higher) in zip(versions, versions.dropFirst()) {
            #expect(lower < higher, "\(lower) < \(higher)")
        }
        // Build metadata does not take part in precedence: neither is lower.
        let a = try #require(SemanticVersion(tag: "1.0.0+a")), b = try #require(SemanticVersion(tag: "1.0.0+b"))
        #expect(!(a < b) && !(b < a))
    }

    @Test("next patch")
    func nextPatch() throws {
        #expect(try #require(SemanticVersion(tag: "v1.4.2")).nextPatch.description == "1.4.3")
        #expect(try #require(SemanticVersion(tag: "v1.5.0-rc.1")).nextPatch.description == "1.5.0")
    }
}
