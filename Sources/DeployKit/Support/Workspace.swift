import Foundation
import GitRepository

/// The repository a command runs in, with its effective configuration.
public struct Workspace {
    public let repository: Repository
    public let configuration: Configuration
    /// Past deployments, for "since the last successful deployment" ranges; nil when not kept.
    public let history: DeploymentHistoryReader?
    /// Where finished deployments are written down; nil when they are not kept.
    public let recorder: DeploymentRecorder?

    public init(repository: Repository, configuration: Configuration, history: DeploymentHistoryReader? = nil,
                recorder: DeploymentRecorder? = nil) {
        self.repository = repository
        self.configuration = configuration
        self.history = history
        self.recorder = recorder
    }

    /// Discovers the repository from the current directory as Git does (honouring GIT_DIR and
    /// GIT_WORK_TREE, which Git sets for hooks) and loads its configuration.
    /// `configuration`: one the caller already read from this work tree (the pre-push hook's fast
    /// path), so `.deploy.yml` is not parsed twice.
    public static func open(configuration known: Configuration? = nil) throws(DeployError) -> Workspace {
        let repository: Repository
        do {
            repository = try Repository.discover()
        } catch {
            if error.isNotFound {
                throw DeployError.badInput(
                    "not a git repository (or any of the parent directories): \(FileSystem.currentDirectory)",
                    hint: "run git deploy inside a Git work tree (git init creates one), or set GIT_DIR")
            }
            if error.isOwnership, let path = error.path {
                throw ownershipError(path)
            }
            throw DeployError.badInput("cannot open the repository: \(error)",
                                       hint: "check that .git is intact (git fsck) and readable by you")
        }
        // The history (refs/notes/deployments) gives the option scan its "since the last
        // successful deployment of this environment" range (DESIGN §4).
        let configuration: Configuration
        if let known {
            configuration = known
        } else {
            configuration = try ConfigurationLoader.load(for: repository)
        }
        return Workspace(repository: repository, configuration: configuration,
                         history: HistoryStore(repository: repository), recorder: RunRecorder(repository: repository, signed: configuration.records.requireSigned))
    }
}

extension Workspace {
    /// Git's own words and fix for a repository it would refuse (safe.directory), so that
    /// git-deploy refuses exactly when `git status` would, and says the same thing.
    static func ownershipError(_ path: String) -> DeployError {
        let quoted = ShellQuoting.displayArgv([path])
        return DeployError.badInput(
            "detected dubious ownership in repository at '\(path)': it is owned by another user, and Git refuses such repositories unless safe.directory lists them",
            hint: "if you trust it, add an exception as Git does: git config --global --add safe.directory \(quoted)")
    }

    /// The commit of the environment's last successful deployment, when history has one.
    public func previousSuccessfulCommit(environment: String) throws(DeployError) -> String? {
        do {
            return try history?.lastSuccessfulCommit(environment: environment)?.hex
        } catch {
            throw DeployError.badInput("cannot read the deployment history: \(error)")
        }
    }
}

/// Workspaces kept until the process exits, where the system reclaims their memory at once.
///
/// Why: libgit2 frees its object cache object by object when the repository is freed, and after a
/// scan of thousands of commits that took 5–12% of the whole run; the command is done by then and
/// the process about to exit. Git itself never frees at exit. Swift runs no deinit for globals.
nonisolated(unsafe) private var keptUntilExit: [Workspace] = []

extension Workspace {
    /// `open()` for a command or hook that exits when done: the workspace is never torn down.
    /// `GIT_DEPLOY_FREE_AT_EXIT=1` tears it down as usual, so that a leak checker (see
    /// scripts/leak-check.sh) can tell a handle we forgot to free from one we chose to keep.
    public static func openForProcess(configuration: Configuration? = nil) throws(DeployError) -> Workspace {
        let workspace = try open(configuration: configuration)
        if ProcessInfo.processInfo.environment["GIT_DEPLOY_FREE_AT_EXIT"] != "1" {
            keptUntilExit.append(workspace)
        }
        return workspace
    }
}
