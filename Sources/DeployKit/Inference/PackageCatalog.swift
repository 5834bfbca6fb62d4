import GitRepository

/// Finds a monorepo package's folder: named under `packages:` in `.deploy.yml`, else detected in
/// the deployed commit's tree — a folder of `packages/`, `apps/`, `services/` or `src/` with a
/// manifest of its own, named after the folder.
enum PackageCatalog {
    static let roots = ["packages", "apps", "services", "src"]
    static let manifests: Set<String> = ["package.json", "go.mod", "Cargo.toml", "pyproject.toml", "setup.py", "pom.xml",
                                         "build.gradle", "build.gradle.kts", "Package.swift", "composer.json", "Gemfile",
                                         "mix.exs", "Dockerfile"]

    /// The package named `name`, or nil when it is neither configured nor detected.
    static func find(_ name: String, configured: [PackageDefinition], tree: CommitTree) throws -> PackageDefinition? {
        if let package = configured.first(where: { $0.name == name }) { return package }
        for root in roots {
            guard let entries = try tree.entries("\(root)/\(name)"),
                  let manifest = entries.first(where: { ($0.kind == .file || $0.kind == .symlink) && manifests.contains($0.name) })
            else { continue }
            return PackageDefinition(name: name, path: "\(root)/\(name)", tagPrefix: nil,
                                     origin: "detected (\(root)/\(name)/\(manifest.name))")
        }
        return nil
    }
}
