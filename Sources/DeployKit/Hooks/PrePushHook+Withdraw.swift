import Foundation

extension PrePushHook {
    /// A push blocked because nothing could be checked has no plan to describe: whatever
    /// `.deployment_config` an earlier push left must not read as this push's go (issue 14).
    /// Git runs the hook in the work-tree root (the Git directory of a bare repository).
    static func withdrawHandoff(log: (String) -> Void) {
        do {
            if let path = try DeploymentConfigFile.withdraw(inDirectory: FileManager.default.currentDirectoryPath) {
                log("git-deploy: removed \(path): it described an earlier push, not this blocked one")
            }
        } catch {
            log("git-deploy: could not remove the earlier \(DeploymentConfigFile.name): \(error.message); do not use it")
        }
    }
}
