import DeployCore

/// One entry of `environments.<env>.allow` (GitHub's "deployment branches and tags"): a branch
/// glob, or a tag glob or Semantic Versioning keyword, with the refs table's pattern language
/// (`*` within a segment, `**` across; `semver` = a release tag `v1.2.3`/`1.2.3`;
/// `semver-prerelease` = `v1.2.3-rc.1`).
public struct AllowRule: Sendable, Equatable, CustomStringConvertible {
    public let kind: RefRule.Kind
    public let matcher: RefRule.Matcher
    /// Where it was written ("1a2b3c4:.deploy.yml:12"), or "default".
    public let origin: String

    public init(kind: RefRule.Kind, matcher: RefRule.Matcher, origin: String) {
        self.kind = kind
        self.matcher = matcher
        self.origin = origin
    }

    /// The same test the refs table uses, so that the two pattern languages cannot drift apart.
    private var rule: RefRule { RefRule(kind: kind, matcher: matcher, environment: "", origin: origin) }

    public func matches(_ ref: DeployRef) -> Bool { rule.matches(ref) }

    /// "tag semver", "branch hotfix/*"
    public var description: String { "\(kind.rawValue) \(rule.pattern)" }

    /// Equal when they allow the same refs, wherever they were written.
    public static func == (lhs: AllowRule, rhs: AllowRule) -> Bool { lhs.description == rhs.description }
}

/// The refs an environment takes, and the `allowed-refs` gate's answer for a deployment.
public enum AllowedRefs {
    /// The rules that apply to `environment`: its `allow:` list when one is configured; for a
    /// high-safety environment without one, release tags plus every ref the policy's refs table
    /// routes there (prod: `v1.2.3` tags, package release tags, branches production/prod/live);
    /// nil for other environments without one (every ref may deploy).
    public static func rules(for environment: EnvironmentDefinition, in configuration: Configuration) -> [AllowRule]? {
        if let configured = configuration.settings(for: environment.name).allow { return configured }
        guard environment.safety == .high else { return nil }
        var rules = [AllowRule(kind: .tag, matcher: .semver, origin: "default"),
                     AllowRule(kind: .tag, matcher: .packageSemver(preRelease: false), origin: "default")]
        // The policy's table, not the deployed commit's: a commit that routes `*` to prod must not widen this list.
        let table = configuration.policy?.refRules ?? configuration.refRules
        for rule in table where rule.environment == environment.name {
            let allow = AllowRule(kind: rule.kind, matcher: rule.matcher, origin: "default")
            if !rules.contains(allow) { rules.append(allow) }
        }
        return rules
    }

    /// Parses `environments.<env>.allow`: a list of `{branch: GLOB}` / `{tag: GLOB|semver|semver-prerelease}`.
    static func parse(_ node: ConfigNode) throws(DeployError) -> [AllowRule] {
        var rules: [AllowRule] = []
        for item in try node.sequence() {
            let fields = try item.fields(ConfigurationSchema.children(of: "environments.<name>.allow[]"))
            let (kind, matcher) = try refPattern(fields, of: item, named: "an allow entry")
            rules.append(AllowRule(kind: kind, matcher: matcher, origin: item.origin))
        }
        return rules
    }

    /// The `branch: GLOB` or `tag: GLOB|semver|semver-prerelease` of a `refs:` rule or an allow
    /// entry: one pattern language for both. `named` says what the item is in errors.
    static func refPattern(_ fields: [String: ConfigNode], of item: ConfigNode,
                           named: String) throws(DeployError) -> (RefRule.Kind, RefRule.Matcher) {
        let kind: RefRule.Kind
        let pattern: ConfigNode
        switch (fields["branch"], fields["tag"]) {
        case let (branch?, nil): kind = .branch; pattern = branch
        case let (nil, tag?): kind = .tag; pattern = tag
        case (.some, .some): throw item.error("\(named) has either 'branch' or 'tag', not both")
        case (nil, nil): throw item.error("\(named) needs 'branch: GLOB' or 'tag: GLOB' (or the keywords semver, semver-prerelease)")
        }
        switch (kind, try pattern.string()) {
        case (.tag, "semver"): return (kind, .semver)
        case (.tag, "semver-prerelease"): return (kind, .semverPreRelease)
        default: return (kind, .glob(try pattern.glob()))
        }
    }
}

/// What the `allowed-refs` gate looks at: the refs the deployed commit is deployed as (the
/// branch, and the tag — a detached HEAD at a tag counts as the tag) and the environment's rules.
public struct AllowedRefsInput: Sendable {
    public var environment: String
    public var refs: [DeployRef]
    /// nil: the environment takes every ref.
    public var rules: [AllowRule]?
    /// A rollback to a commit history shows deployed successfully to this environment: it was
    /// let in once, and returning to it must not depend on which ref it is checked out as now.
    public var rollbackToDeployedCommit = false

    public init(environment: String, refs: [DeployRef], rules: [AllowRule]?) {
        self.environment = environment
        self.refs = refs
        self.rules = rules
    }
}

extension Gate {
    /// `allowed-refs`: the deployment's branch or tag must match one of the environment's rules.
    /// `--emergency` does not lift it: it says which code may reach the environment at all, as
    /// GitHub's deployment branch rules bind whoever deploys.
    public static func allowedRefs(_ input: AllowedRefsInput) -> GateResult {
        let name = GateName.allowedRefs
        guard let rules = input.rules else { return .pass(name, "every ref may deploy to \(input.environment) (no allow list)") }
        if let ref = input.refs.first(where: { ref in rules.contains { $0.matches(ref) } }),
           let rule = rules.first(where: { $0.matches(ref) }) {
            return .pass(name, "\(ref) is allowed by \(rule)")
        }
        if input.rollbackToDeployedCommit {
            return .pass(name, "a rollback to a commit deployed to \(input.environment) successfully before")
        }
        let list = rules.isEmpty ? "none (allow: [])" : rules.map(\.description).joined(separator: ", ")
        let origin = rules.first.map { $0.origin == "default" ? "the default for a high-safety environment" : "environments.\(input.environment).allow, \($0.origin)" }
            ?? "environments.\(input.environment).allow"
        let what = input.refs.isEmpty ? "a commit on no branch or tag" : input.refs.map(\.description).joined(separator: " and ")
        return .fail(name, "\(what) may not deploy to \(input.environment): it takes only \(list) (\(origin)); "
                     + "deploy a release tag, or add the ref to environments.\(input.environment).allow on the default branch")
    }
}
