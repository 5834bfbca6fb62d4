import GitRepository

/// `.deployment_config`: at the work-tree root (each linked worktree has its own), or in the Git
/// directory of a bare repository (DESIGN §8).
public enum DeploymentConfigFile {
    public static let name = ".deployment_config"

    public static func path(in repository: Repository) -> String {
        (repository.workTreeRoot ?? repository.gitDirectory) + "/" + name
    }

    /// Writes the hand-off atomically under a lock; returns the path written. Whoever writes it
    /// (a hook, `git deploy`, a rollback) first makes sure Git ignores it, so that a first run
    /// without `install` does not leave it one `git add -A` away from a commit (issue 18).
    @discardableResult
    public static func write(_ handoff: Handoff, in repository: Repository) throws(DeployError) -> String {
        let path = path(in: repository)
        // A bare repository keeps the hand-off in its Git directory: no work tree to keep clean.
        if repository.workTreeRoot != nil { try HandoffExclusion.ensure(in: repository) }
        try AtomicFile.write(handoff.shellAssignments, to: path)
        return path
    }
}
