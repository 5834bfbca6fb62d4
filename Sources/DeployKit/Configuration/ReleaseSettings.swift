/// `release:` in `.deploy.yml`: how the proposed version follows from the commits and the branch.
public struct ReleaseSettings: Sendable {
    /// Tried before the default Conventional Commits rules, like semantic-release's `releaseRules`.
    public var rules: [ReleaseRule] = []
    /// Branches whose versions are pre-releases named after them (`beta` → `2.0.0-beta.3`).
    public var preReleaseBranches: [String] = ReleaseLine.defaultPreReleaseBranches

    public init() {}

    /// Parses `release:`; `origins` records where each key was written.
    static func parse(_ node: ConfigNode, origins: inout [String: String]) throws(DeployError) -> ReleaseSettings {
        var settings = ReleaseSettings()
        let fields = try node.fields(ConfigurationSchema.children(of: "release"))
        if let branches = fields["prerelease-branches"] {
            settings.preReleaseBranches = try branches.strings()
            origins["release.prerelease-branches"] = branches.origin
        }
        if let rules = fields["rules"] {
            for item in try rules.sequence() {
                let rule = try item.fields(ConfigurationSchema.children(of: "release.rules[]"))
                guard let releaseNode = rule["release"] else {
                    throw item.error("a release rule needs 'release: major', 'minor', 'patch' or 'none'")
                }
                let release = try releaseNode.oneOf(["major", "minor", "patch", "none"])
                guard rule["type"] != nil || rule["scope"] != nil || rule["breaking"] != nil else {
                    throw item.error("a release rule needs 'type', 'scope' or 'breaking' to match commits",
                                     hint: "e.g. - { type: docs, scope: README, release: patch }")
                }
                settings.rules.append(ReleaseRule(
                    type: try rule["type"]?.string().lowercased(), scope: try rule["scope"]?.glob(),
                    breaking: try rule["breaking"]?.bool(), release: BumpLevel(name: release), origin: item.origin))
            }
            origins["release.rules"] = rules.origin
        }
        return settings
    }
}
