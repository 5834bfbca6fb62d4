import DeployCore

/// One row of the ref → environment table (DESIGN §4): a branch or tag pattern, the environment it
/// deploys to and options it implies. Rules are read top to bottom, first match wins.
public struct RefRule: Sendable {
    public enum Kind: String, Sendable { case branch, tag }

    /// How a rule recognises a name: a glob, or a Semantic Versioning keyword for tags.
    public enum Matcher: Sendable {
        case glob(GlobPattern)
        /// `vMAJOR.MINOR.PATCH` or `MAJOR.MINOR.PATCH` without a pre-release.
        case semver
        /// The same form with a pre-release: `v1.4.0-rc.1`.
        case semverPreRelease
        /// A monorepo package's tag (`api@1.2.3`, `api-v1.2.3`, `api/v1.2.3`), without or with a pre-release.
        case packageSemver(preRelease: Bool)
        /// A configured package tag pattern `PREFIX{version}`.
        case prefixedSemver(prefix: String, preRelease: Bool)
    }

    public let kind: Kind
    public let matcher: Matcher
    public let environment: String
    public let options: [DeployOption]
    /// "default" or where the rule was written, e.g. ".deploy.yml:7".
    public let origin: String

    public init(kind: Kind, matcher: Matcher, environment: String, options: [DeployOption] = [], origin: String = "default") {
        self.kind = kind
        self.matcher = matcher
        self.environment = environment
        self.options = options
        self.origin = origin
    }

    /// How the pattern is written in `.deploy.yml`: a glob, `semver` or `semver-prerelease`.
    public var pattern: String {
        switch matcher {
        case .glob(let glob): return glob.text
        case .semver: return "semver"
        case .semverPreRelease: return "semver-prerelease"
        case .packageSemver(let preRelease): return preRelease ? "PACKAGE@semver-prerelease" : "PACKAGE@semver"
        case .prefixedSemver(let prefix, let preRelease): return prefix + (preRelease ? "{semver-prerelease}" : "{semver}")
        }
    }

    public func matches(_ ref: DeployRef) -> Bool {
        switch (kind, ref) {
        case (.branch, .branch(let name)), (.tag, .tag(let name)):
            switch matcher {
            case .glob(let glob): return glob.matches(name)
            case .semver: return SemanticVersion(tag: name).map { !$0.isPreRelease } ?? false
            case .semverPreRelease: return SemanticVersion(tag: name)?.isPreRelease ?? false
            case .packageSemver(let preRelease): return PackageTag(name).map { $0.version.isPreRelease == preRelease } ?? false
            case .prefixedSemver(let prefix, let preRelease):
                return PackageTag.version(of: name, prefix: prefix).map { $0.isPreRelease == preRelease } ?? false
            }
        default:
            return false
        }
    }

    /// The default table (README "How decisions are made").
    public static let defaults: [RefRule] = {
        var rules: [RefRule] = [
            RefRule(kind: .tag, matcher: .semver, environment: "prod"),
            RefRule(kind: .tag, matcher: .semverPreRelease, environment: "staging"),
            RefRule(kind: .tag, matcher: .packageSemver(preRelease: false), environment: "prod"),
            RefRule(kind: .tag, matcher: .packageSemver(preRelease: true), environment: "staging"),
        ]
        let branches: [(String, [String])] = [
            ("prod", ["production", "prod", "live"]),
            ("staging", ["main", "master", "trunk", "release/*", "releases/*", "release-*", "hotfix/*",
                         "staging", "stage", "preprod", "pre-prod", "uat",
                         // Release channels: semantic-release's pre-release and maintenance
                         // branches, and development lines of a next major (`dev-v3`).
                         "next", "next-major", "beta", "alpha", "*.x", "*.*.x", "dev-v*"]),
            ("dev", ["develop", "development", "dev"]),
        ]
        for (environment, patterns) in branches {
            for pattern in patterns {
                // The default patterns are constants known to parse.
                if let glob = try? GlobPattern(pattern) {
                    rules.append(RefRule(kind: .branch, matcher: .glob(glob), environment: environment))
                }
            }
        }
        return rules
    }()
}

/// The environment a ref routes to and why.
public struct RefMatch: Sendable {
    public let ref: DeployRef
    public let rule: RefRule
    /// "branch release/1.4 matched release/*"
    public var explanation: String {
        let origin = rule.origin == "default" ? "" : " (\(rule.origin))"
        return "\(ref) matched \(rule.pattern)\(origin)"
    }

    /// The first rule that matches `ref`, or nil when the ref has no route.
    public static func first(for ref: DeployRef, in rules: [RefRule]) -> RefMatch? {
        rules.first { $0.matches(ref) }.map { RefMatch(ref: ref, rule: $0) }
    }
}
