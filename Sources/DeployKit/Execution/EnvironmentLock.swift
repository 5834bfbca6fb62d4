import Foundation
import GitRepository

/// `--wait-timeout` and `--no-wait`: what a run does when another holds the environment's lock.
public struct LockWaiting: Sendable {
    /// Ten minutes, as long as a usual deployment; GitLab and GitHub queue without a limit.
    public static let defaultTimeout: Double = 600
    /// The longest `--wait-timeout` accepted: the longest handler timeout.
    public static let maximumTimeout: Double = InputLimits.handlerTimeoutSeconds

    public var timeout: Double
    public var noWait: Bool

    public init(timeout: Double = LockWaiting.defaultTimeout, noWait: Bool = false) {
        self.timeout = timeout
        self.noWait = noWait
    }
}

/// One deployment per environment at a time (issue 14, item 3; GitLab `resource_group`, GitHub
/// `concurrency`): the lock on this machine (`LocalEnvironmentLock`), and with `locks.remote`
/// also the one on that remote (`RemoteEnvironmentLock`), taken in that order and released in
/// the reverse. The local lock first: runs on one machine then queue in the kernel, and only one
/// of them at a time pushes to the remote.
struct EnvironmentLock {
    let environment: String
    let repository: Repository
    let settings: LockSettings
    let diagnostics: Diagnostics

    /// Local polls are cheap (a system call); remote ones are a `git push`, spread out with jitter.
    static let localPollSeconds = 0.05
    static let remotePollSeconds = 1.0
    /// A waiting run says again who holds the lock this often, or whenever the holder changes.
    static let reminderSeconds = 30.0

    /// Takes the lock as `holder`, waiting as `waiting` allows. A refusal (held and not waiting,
    /// or still held at the timeout) is a `.blocked` error naming the holder.
    func acquire(as holder: LockHolder, waiting: LockWaiting) throws(DeployError) -> HeldEnvironmentLock {
        let name = try LockName.checked(environment)
        var wait = Waiter(environment: name, waiting: waiting, diagnostics: diagnostics)
        let held = try acquireLocal(LocalEnvironmentLock(commonDirectory: repository.commonDirectory, environment: name),
                                    as: holder, wait: &wait)
        guard let remoteName = settings.remote else {
            return HeldEnvironmentLock(environment: name, local: held, remote: nil, takeover: nil, waited: wait.elapsed)
        }
        let remote = RemoteEnvironmentLock(remote: remoteName, environment: name, repository: repository)
        do {
            while true {
                switch try remote.tryAcquire(as: holder, now: Date()) {
                case .acquired(let token, let takeover):
                    return HeldEnvironmentLock(environment: name, local: held, remote: (remote, token), takeover: takeover, waited: wait.elapsed)
                case .held(let other):
                    try wait.pause(for: other, place: " (lock on \(remoteName))", seconds: Self.remotePollSeconds * Double.random(in: 0.5...1.5),
                                   unknown: "a lock commit git-deploy cannot read")
                }
            }
        } catch {
            held.release()
            throw error
        }
    }

    private func acquireLocal(_ local: LocalEnvironmentLock, as holder: LockHolder, wait: inout Waiter) throws(DeployError) -> LocalEnvironmentLock.Held {
        while true {
            switch try local.tryAcquire(as: holder) {
            case .acquired(let lock): return lock
            case .held(let other):
                try wait.pause(for: other, place: "", seconds: Self.localPollSeconds,
                               unknown: "another git-deploy run (it has not written who it is yet)")
            }
        }
    }

    /// Waiting for someone else's lock: the progress lines, `--no-wait` and the timeout.
    private struct Waiter {
        let environment: String
        let waiting: LockWaiting
        let diagnostics: Diagnostics
        let started = Date()
        private var announced: String?
        private var announcedAt = Date.distantPast

        init(environment: String, waiting: LockWaiting, diagnostics: Diagnostics) {
            self.environment = environment
            self.waiting = waiting
            self.diagnostics = diagnostics
        }

        var elapsed: Double { Date().timeIntervalSince(started) }

        /// `unknown`: who the holder is when its description cannot be read.
        mutating func pause(for holder: LockHolder?, place: String, seconds: Double, unknown: String) throws(DeployError) {
            var description = holder?.description ?? unknown
            if let expires = holder?.expires { description += ", expires \(LockHolder.clock(expires))" }
            let fix = "wait for it (--wait-timeout 30m waits longer), or, if that deployment is dead, remove its lock: git deploy unlock \(environment) --reason \"…\""
            if waiting.noWait {
                throw DeployError(.blocked, "\(environment)\(place) is locked: held by \(description); --no-wait does not wait", hint: fix)
            }
            let remaining = waiting.timeout - elapsed
            guard remaining > 0 else {
                throw DeployError(.blocked, "gave up after \(LockWaiting.display(waiting.timeout)) waiting for \(environment)\(place): held by \(description)", hint: fix)
            }
            if description != announced || Date().timeIntervalSince(announcedAt) >= EnvironmentLock.reminderSeconds {
                diagnostics.progress(.lock, "waiting for \(environment)\(place): held by \(description)")
                announced = description
                announcedAt = Date()
            }
            Thread.sleep(forTimeInterval: min(seconds, remaining))
        }
    }
}

/// An environment lock this run holds, until `release`.
final class HeldEnvironmentLock {
    let environment: String
    let local: LocalEnvironmentLock.Held
    let remote: (lock: RemoteEnvironmentLock, token: ObjectID)?
    /// The expired holder this run took the remote lock over from.
    let takeover: LockHolder?
    /// Seconds spent waiting for it.
    let waited: Double

    init(environment: String, local: LocalEnvironmentLock.Held, remote: (lock: RemoteEnvironmentLock, token: ObjectID)?,
         takeover: LockHolder?, waited: Double) {
        self.environment = environment
        self.local = local
        self.remote = remote
        self.takeover = takeover
        self.waited = waited
    }

    /// Where the lock is, for progress: "dev", "dev (and refs/deploy/locks/dev on origin)".
    var description: String {
        remote.map { "\(environment) (and \($0.lock.ref) on \($0.lock.remote))" } ?? environment
    }

    /// Releases the remote lock (if it is still ours), then the local one. A remote release that
    /// fails is said, not thrown: the deployment is over, and the lock expires anyway.
    /// `history`: pushed to the lock's remote first, so the next holder reads this run's record.
    func release(diagnostics: Diagnostics, pushing history: NotesSync? = nil) {
        if let remote, let history {
            do {
                _ = try history.push(remote: remote.lock.remote)
                diagnostics.progress(.lock, "pushed the deployment history to \(remote.lock.remote)")
            } catch {
                diagnostics.progress(.lock, "could not push the deployment history to \(remote.lock.remote): \(error.message); "
                                     + "the next holder will not see this deployment until: git deploy history --push \(remote.lock.remote)", problem: true)
            }
        }
        if let remote {
            do {
                if try !remote.lock.release(remote.token) {
                    diagnostics.progress(.lock, "the lock of \(environment) on \(remote.lock.remote) was taken over or removed before this run released it", problem: true)
                }
            } catch {
                diagnostics.progress(.lock, "could not release the lock of \(environment) on \(remote.lock.remote): \(error.message); it expires on its own, or: git deploy unlock \(environment) --reason \"…\"", problem: true)
            }
        }
        local.release()
    }
}

extension LockWaiting {
    /// "1 s", "90 s", "10 min", "2 h": how a wait reads in messages.
    static func display(_ seconds: Double) -> String {
        if seconds >= 3600, seconds.truncatingRemainder(dividingBy: 3600) == 0 { return "\(Int(seconds / 3600)) h" }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 { return "\(Int(seconds / 60)) min" }
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.3g s", seconds)
    }
}
