import Foundation

/// `git deploy unlock ENV --reason "…"`: removes an environment's lock for people, when its
/// holder is stuck or gone before a remote lock's expiry (issue 14, item 3). It says whose lock
/// it removed; the reason is required so that a removal is never silent about why.
public enum EnvironmentUnlock {
    /// Removes the local lock (when held) and, with `locks.remote`, the remote one; returns one
    /// line per lock for people.
    public static func unlock(environment name: String, reason: String, in snapshot: RepositorySnapshot) throws(DeployError) -> [String] {
        let configuration = snapshot.configuration
        let environment: String
        switch configuration.environments.resolve(name) {
        case .success(let definition): environment = try LockName.checked(definition.name)
        case .failure(let unknown): throw DeployError.badInput(unknown.description, hint: "name the environment whose lock to remove")
        }
        let because = "reason: \(reason)"
        var lines: [String] = []
        let local = LocalEnvironmentLock(commonDirectory: snapshot.repository.commonDirectory, environment: environment)
        let (held, holder) = local.currentHolder()
        if held {
            try local.remove()
            let who = holder?.description ?? "a git-deploy run that had not said who it is"
            lines.append("removed the lock of \(environment) on this machine, held by \(who) (\(because)); "
                         + "that process may still be running: the next deployment no longer waits for it")
        } else {
            lines.append("\(environment) is not locked on this machine")
        }
        if let remoteName = snapshot.lockSettings.remote {
            let remote = RemoteEnvironmentLock(remote: remoteName, environment: environment, repository: snapshot.repository)
            if let current = try remote.current() {
                guard try remote.remove(current) else {
                    throw DeployError(.blocked, "the lock \(remote.ref) on \(remoteName) changed while it was being removed; nothing was removed",
                                      hint: "run git deploy unlock \(environment) again to see who holds it now")
                }
                let who = current.holder?.description ?? "an unreadable lock commit \(current.token.short)"
                lines.append("removed \(remote.ref) on \(remoteName), held by \(who) (\(because))")
            } else {
                lines.append("\(environment) is not locked on \(remoteName)")
            }
        }
        return lines
    }
}
