import Foundation
import GitRepository

/// The first stage of DESIGN §1: what one process knows about its repository — HEAD, the tags,
/// the effective configuration and the deployment history. Each is read at most once and then
/// shared by every later stage (planner, gates, executor), so that one `git deploy staging`
/// reads HEAD once and the history once, and every stage sees the same state.
public struct RepositorySnapshot {
    public let repository: Repository
    public let configuration: Configuration
    /// The deployment history (refs/notes/deployments), read on first use.
    public let history: HistoryView
    private let reads = Reads()

    public init(repository: Repository, configuration: Configuration) {
        self.repository = repository
        self.configuration = configuration
        self.history = HistoryView(store: HistoryStore(repository: repository, signed: configuration.records.requireSigned))
    }

    /// Where HEAD points, read on first use.
    public func head() throws(DeployError) -> HeadState {
        if let head = reads.head { return head }
        let head = try DeployError.reading("read HEAD") { try repository.head() }
        reads.head = head
        return head
    }

    /// Every tag with the commit it leads to, read on first use.
    public func tags() throws(DeployError) -> [TagInfo] {
        if let tags = reads.tags { return tags }
        let tags = try DeployError.reading("list the tags") { try repository.tags() }
        reads.tags = tags
        return tags
    }

    /// Where handlers, backups and probes run: the work-tree root, or the Git directory of a bare repository.
    public var workingDirectory: String {
        repository.workTreeRoot ?? repository.gitDirectory
    }

    /// Discovers the repository from the current directory as Git does (honouring GIT_DIR and
    /// GIT_WORK_TREE, which Git sets for hooks) and loads its configuration.
    /// `configuration`: one the caller already read from this work tree (the pre-push hook's fast
    /// path), so `.deploy.yml` is not parsed twice.
    /// `repository`: one the caller already opened with `openRepository()` (the same fast path).
    public static func read(repository opened: Repository? = nil, configuration known: Configuration? = nil) throws(DeployError) -> RepositorySnapshot {
        let repository: Repository
        if let opened {
            repository = opened
        } else {
            repository = try openRepository()
        }
        let configuration: Configuration
        if let known {
            configuration = known
        } else {
            configuration = try ConfigurationLoader.load(for: repository)
        }
        // The gates' values come from the default branch's policy, not from what is checked out.
        return RepositorySnapshot(repository: repository, configuration: try TrustedPolicy.apply(to: configuration, repository: repository))
    }

    /// Discovers the repository from the current directory as Git does; errors say how to fix it.
    public static func openRepository() throws(DeployError) -> Repository {
        do {
            return try Repository.discover()
        } catch {
            if error.isNotFound {
                throw DeployError.badInput(
                    "not a git repository (or any of the parent directories): \(FileSystem.currentDirectory)",
                    hint: "run git deploy inside a Git work tree (git init creates one), or set GIT_DIR", cause: error)
            }
            if error.isOwnership, let path = error.path {
                throw ownershipError(path)
            }
            throw DeployError.badInput("cannot open the repository: \(error)",
                                       hint: "check that .git is intact (git fsck) and readable by you", cause: error)
        }
    }

    /// The reads made so far; a class so that copies of the snapshot share them.
    private final class Reads {
        var head: HeadState?
        var tags: [TagInfo]?
    }
}

extension RepositorySnapshot {
    /// Git's own words and fix for a repository it would refuse (safe.directory), so that
    /// git-deploy refuses exactly when `git status` would, and says the same thing.
    static func ownershipError(_ path: String) -> DeployError {
        let quoted = ShellQuoting.displayArgv([path])
        return DeployError.badInput(
            "detected dubious ownership in repository at '\(path)': it is owned by another user, and Git refuses such repositories unless safe.directory lists them",
            hint: "if you trust it, add an exception as Git does: git config --global --add safe.directory \(quoted)")
    }
}

/// Snapshots kept until the process exits, where the system reclaims their memory at once.
///
/// Why: libgit2 frees its object cache object by object when the repository is freed, and after a
/// scan of thousands of commits that took 5–12% of the whole run; the command is done by then and
/// the process about to exit. Git itself never frees at exit. Swift runs no deinit for globals.
nonisolated(unsafe) private var keptUntilExit: [RepositorySnapshot] = []

extension RepositorySnapshot {
    /// `read()` for a command or hook that exits when done: the snapshot is never torn down.
    /// `GIT_DEPLOY_FREE_AT_EXIT=1` tears it down as usual, so that a leak checker (see
    /// scripts/leak-check.sh) can tell a handle we forgot to free from one we chose to keep.
    public static func readForProcess(repository: Repository? = nil, configuration: Configuration? = nil) throws(DeployError) -> RepositorySnapshot {
        let snapshot = try read(repository: repository, configuration: configuration)
        if getenv("GIT_DEPLOY_FREE_AT_EXIT").map({ String(cString: $0) }) != "1" {
            keptUntilExit.append(snapshot)
        }
        return snapshot
    }
}
