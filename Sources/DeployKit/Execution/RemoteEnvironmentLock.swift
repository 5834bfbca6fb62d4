import Foundation
import GitRepository

/// The lock of one environment shared through a remote (`locks.remote`): the ref
/// `refs/deploy/locks/<env>` there, pointing at a lock commit that describes its holder and expiry.
///
/// Taken and released only by compare-and-swap through the user's own `git push`
/// (`--force-with-lease=<ref>:<expected>`, `--atomic`), so credential helpers, SSH settings and
/// URL rewrites apply as for any push, and the server decides: receive-pack updates the ref only
/// if it still has the value the lease names (absent, to take a free lock), so of two clones
/// racing exactly one wins. Git runs as an argv, never through a shell.
final class RemoteEnvironmentLock {
    let remote: String
    let environment: String
    private let repository: Repository
    private let git: GitCommand
    /// Rejections seen while the remote showed no lock: a refusal that is not contention (a
    /// server hook, permissions) ends the wait instead of retrying until the timeout.
    private var unexplainedRejections = 0
    /// The last look at the remote found the lock held: poll by fetching until it is not.
    private var knownHeld = false

    /// The lock ref on the remote.
    var ref: String { "refs/deploy/locks/\(environment)" }
    /// Where the remote's lock ref is fetched to; deleted before each fetch (see `current`).
    var fetchedRef: String { "refs/git-deploy/fetched/locks/\(environment)" }

    init(remote: String, environment: String, repository: Repository) {
        self.remote = remote
        self.environment = environment
        self.repository = repository
        git = GitCommand(directory: repository.workTreeRoot ?? repository.gitDirectory)
    }

    enum Attempt {
        /// Ours; `takeover` is the expired holder it replaced.
        case acquired(token: ObjectID, takeover: LockHolder?)
        case held(LockHolder?)
    }

    /// The remote lock's value and holder, nil when the remote has none.
    struct Current {
        let token: ObjectID
        let holder: LockHolder?
    }

    /// Takes the lock if the remote has none, or has one past its expiry; never waits. While the
    /// lock is known to be held, a poll only fetches it: a lock commit is made, and pushed, only
    /// when the lock looks free or expired.
    func tryAcquire(as holder: LockHolder, now: Date) throws(DeployError) -> Attempt {
        if knownHeld {
            guard let current = try current() else { return try push(as: holder, expecting: nil, now: now) }
            guard let expired = current.holder, expired.isExpired(at: now) else { return .held(current.holder) }
            return try push(as: holder, expecting: current, now: now)
        }
        return try push(as: holder, expecting: nil, now: now)
    }

    /// Pushes a new lock commit for `holder` where the remote has `expected` (nil: no lock);
    /// when refused, reads who holds it, and takes over once if that lock has expired.
    private func push(as holder: LockHolder, expecting expected: Current?, now: Date) throws(DeployError) -> Attempt {
        let token = try DeployError.reading("make the lock commit for \(environment)") {
            try repository.createLockCommit(message: Self.message(environment: environment, holder: holder),
                                            identity: Identity.fallback)
        }
        let outcome = try push(token, expecting: expected?.token)
        if outcome == .pushed {
            knownHeld = false
            unexplainedRejections = 0
            return .acquired(token: token, takeover: expected?.holder)
        }
        guard let current = try current() else {
            knownHeld = false
            unexplainedRejections += 1
            if unexplainedRejections >= 3, case .rejected(let line) = outcome {
                throw DeployError(.blocked, "\(remote) refused the lock ref \(ref) (\(Excerpt.quote(line))) although no lock is there",
                                  hint: "check that you may push \(ref) to \(remote) (a server hook or permission may forbid refs/deploy/*)")
            }
            return .held(nil)
        }
        knownHeld = true
        unexplainedRejections = 0
        // Compare-and-swap against the expired value: if its holder came back and released it,
        // or another run took it over first, that push fails and we wait like everyone else.
        if expected == nil, let expired = current.holder, expired.isExpired(at: now) {
            return try push(as: holder, expecting: current, now: now)
        }
        return .held(current.holder)
    }

    /// Deletes the lock if it still has the value `token`; false when someone replaced it meanwhile.
    @discardableResult
    func release(_ token: ObjectID) throws(DeployError) -> Bool {
        try push(nil, expecting: token) == .pushed
    }

    /// What the remote's lock ref holds now, fetched.
    func current() throws(DeployError) -> Current? {
        try DeployError.reading("clear \(fetchedRef)") { try repository.deleteReference(fetchedRef) }
        // A pattern refspec: a remote without the ref is not an error then. `*` also matches the
        // empty string, so the lock lands at fetchedRef (other environments' names may match too).
        let refspec = "+\(ref)*:\(fetchedRef)*"
        let result = try git.run(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--", remote, refspec])
        guard result.status == 0 else {
            throw DeployError(.blocked, "cannot read the lock of \(environment) on \(remote): git fetch failed (exit \(result.status)): \(Excerpt.quote(Self.gitReason(result.stderr)))",
                              hint: "check that '\(remote)' (locks.remote in .deploy.yml) is a remote you can fetch from: git remote -v")
        }
        guard let token = try DeployError.reading("read \(fetchedRef)", { try repository.referenceTarget(fetchedRef) }) else { return nil }
        let message = try DeployError.reading("read the lock commit \(token.short)") {
            try repository.smallCommitMessage(token, limit: LockHolder.byteLimit)
        }
        return Current(token: token, holder: message.flatMap(Self.holder(fromMessage:)))
    }

    /// Deletes the remote lock if it still is `current` (`unlock`); false when it changed meanwhile.
    func remove(_ current: Current) throws(DeployError) -> Bool {
        try release(current.token)
    }

    enum PushOutcome: Equatable {
        case pushed
        /// The remote refused the update of the lock ref: its value was not the expected one.
        case rejected(String)
    }

    /// `git push --atomic --force-with-lease=<ref>:<expected> <remote> <new>:<ref>`; `new` nil deletes.
    private func push(_ new: ObjectID?, expecting expected: ObjectID?) throws(DeployError) -> PushOutcome {
        // --no-verify: the lock ref is ours, not a deployment; the pre-push hook has nothing to route.
        let arguments = ["push", "--porcelain", "--atomic", "--no-verify", "--force-with-lease=\(ref):\(expected?.hex ?? "")",
                         "--", remote, "\(new?.hex ?? ""):\(ref)"]
        let result = try git.run(arguments)
        if result.status == 0 { return .pushed }
        // --porcelain: "!<TAB><from>:<to><TAB>[rejected] (stale info)" for a ref the remote refused.
        if let line = result.stdout.split(separator: "\n").first(where: { $0.hasPrefix("!\t") && $0.contains(":\(ref)\t") }) {
            return .rejected(String(line.split(separator: "\t").last ?? ""))
        }
        throw DeployError(.blocked, "cannot update the lock ref \(ref) on \(remote): git push failed (exit \(result.status)): \(Excerpt.quote(Self.gitReason(result.stderr)))",
                          hint: "check that '\(remote)' (locks.remote in .deploy.yml) is a remote you can push to: git remote -v")
    }

    /// The lock commit's message: a subject for people who look at the ref, then the holder as JSON.
    static func message(environment: String, holder: LockHolder) -> String {
        "git-deploy lock for \(environment)\n\n\(holder.json.serialized())\n"
    }

    static func holder(fromMessage message: String) -> LockHolder? {
        guard let body = message.range(of: "\n\n").map({ message[$0.upperBound...] }) else { return nil }
        return LockHolder.parse(Array(body.utf8))
    }

    /// Git's own reason: its first `fatal:` or `error:` line (what follows is advice), else the last line.
    private static func gitReason(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline)
        let reason = lines.first { $0.hasPrefix("fatal:") || $0.hasPrefix("error:") } ?? lines.last
        return reason.map(String.init) ?? "no message"
    }
}
