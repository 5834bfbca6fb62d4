import DeployCore
import Foundation
import GitRepository
import Yams

/// Finds and reads `.deploy.yml` (DESIGN §9): at the work-tree root, or in HEAD's tree in a
/// repository without a work tree. The embedded defaults when there is none.
public enum ConfigurationLoader {
    public static let fileName = ".deploy.yml"
    /// A configuration is a page or two of YAML; anything far larger is a mistake, refused before parsing.
    static let sizeLimit = InputLimits.deployConfigBytes
    /// Values a configuration may expand to through aliases.
    static let nodeLimit = InputLimits.deployConfigNodes

    public static func load(for repository: Repository) throws(DeployError) -> Configuration {
        if let root = repository.workTreeRoot {
            return try loadFile(in: root)
        }
        // A bare repository: the configuration that HEAD carries. An unreadable HEAD is left to
        // the command's own read of it, which names the problem.
        let commit: ObjectID
        switch try? repository.head() {
        case .branch(_, let id)?, .detached(let id)?: commit = id
        case .unborn?, nil: return .defaults
        }
        // A .deploy.yml that cannot be read (a damaged blob or tree) is an error, never silently
        // the defaults: those may lack the freeze windows and safety levels it sets.
        let origin = "\(commit.short):\(fileName)"
        guard let bytes = try RepositoryFile.read(fileName, in: commit, repository: repository, origin: origin,
                                                  limit: sizeLimit) else { return .defaults }
        return try parse(bytes, file: origin)
    }

    /// Parses the bytes of a `.deploy.yml`; `file` is how errors and origins name it.
    public static func parse(_ bytes: [UInt8], file: String) throws(DeployError) -> Configuration {
        let node = try YAMLText.compose(bytes, file: file)
        var builder = ConfigurationBuilder()
        if let node {
            let root = ConfigNode(node: node, file: file, path: "", budget: NodeBudget(limit: nodeLimit))
            if !root.isNull { try builder.apply(root) }
        }
        return builder.build(sourceFile: file)
    }

}

extension ConfigurationLoader {
    /// The configuration as a hook sees it without opening the repository: Git runs hooks from
    /// the work-tree root, so `./.git` beside `./.deploy.yml` says where we are. nil when that
    /// cannot be told (a bare repository, a linked worktree), and the repository must be opened.
    public static func loadFromHookWorkingDirectory() throws(DeployError) -> Configuration? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: ".git", isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return try loadFile(in: ".")
    }

    /// The work tree's `.deploy.yml` (the defaults when there is none); a symlink, or a file
    /// larger than any configuration needs to be, is refused unread.
    static func loadFile(in root: String) throws(DeployError) -> Configuration {
        guard let bytes = try RepositoryFile.read(fileName, in: root, limit: sizeLimit) else { return .defaults }
        return try parse(bytes, file: fileName)
    }
}
