/// One monorepo package: its folder and, when its tags are not one of the usual forms
/// (`api@1.2.3`, `api-v1.2.3`, `api/v1.2.3`), the prefix its tags carry before the version.
public struct PackageDefinition: Sendable, Equatable {
    public let name: String
    /// The folder, relative to the root, without a trailing slash: `services/api`.
    public let path: String
    /// From `tag: "backend-release-{version}"`: `backend-release-`.
    public let tagPrefix: String?
    /// ".deploy.yml:12", or "detected (services/api/package.json)".
    public let origin: String
}

extension PackageDefinition {
    /// Parses `packages:` (name → `path`, optional `tag` pattern ending in `{version}`).
    static func parse(_ node: ConfigNode) throws(DeployError) -> [PackageDefinition] {
        var packages: [PackageDefinition] = []
        for (name, value) in try node.mapping() {
            let fields = try value.fields(ConfigurationSchema.children(of: "packages.<name>"))
            guard let pathNode = fields["path"] else {
                throw value.error("package '\(Excerpt.quote(name))' needs 'path'", hint: "give its folder, e.g. path: services/api")
            }
            var path = try pathNode.string()
            while path.hasSuffix("/") { path.removeLast() }
            guard !path.isEmpty, !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
                throw pathNode.error("'\(Excerpt.quote(path))' is not a folder inside the repository", hint: "a relative path such as services/api")
            }
            var prefix: String?
            if let tagNode = fields["tag"] {
                let pattern = try tagNode.string()
                guard pattern.hasSuffix("{version}"), pattern.count > 9, !pattern.dropLast(9).contains("{") else {
                    throw tagNode.error("a package tag pattern is PREFIX{version}, e.g. \"\(Excerpt.quote(name))@{version}\"")
                }
                prefix = String(pattern.dropLast(9))
            }
            packages.append(PackageDefinition(name: name, path: path, tagPrefix: prefix, origin: value.origin))
        }
        return packages
    }
}
