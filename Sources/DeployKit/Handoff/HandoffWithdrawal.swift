import GitRepository

/// Removing the hand-off when a run is blocked before there is a plan to describe (issue 14): a
/// go written by an earlier run must never outlive a later block, and a blocked run with no plan
/// (a rollback with nothing to return to, a hook that could not read the repository) has
/// nothing truthful to write in its place.
extension DeploymentConfigFile {
    /// Removes `.deployment_config` under its lock; returns the path when there was one.
    @discardableResult
    public static func withdraw(in repository: Repository) throws(DeployError) -> String? {
        try withdraw(at: path(in: repository))
    }

    /// The same where only the directory is known: a hook runs in the work-tree root (in the Git
    /// directory of a bare repository), githooks(5).
    @discardableResult
    public static func withdraw(inDirectory directory: String) throws(DeployError) -> String? {
        try withdraw(at: directory + "/" + name)
    }

    private static func withdraw(at path: String) throws(DeployError) -> String? {
        try AtomicFile.withLock(path + ".lock") { () throws(DeployError) -> String? in
            guard FileSystem.fileExists(path) else { return nil }
            try FileSystem.remove(path)
            return path
        }
    }
}
