import Foundation
import Testing
import TestSupport

/// One deployment per environment across machines (issue 14, item 3): with `locks.remote:
/// origin` the lock is `refs/deploy/locks/<env>` on that remote, created and deleted by
/// compare-and-swap through `git push --force-with-lease --atomic`, so clones (CI runners) that
/// share the remote deploy one at a time; a lock past its expiry is taken over and the takeover
/// recorded; `git deploy unlock` removes one by hand.
@Suite("policy: the environment lock on a shared remote", .tags(.endToEnd))
struct PolicyRemoteLockEndToEndTests {
    /// A bare remote holding a repository with `locks.remote: origin`, and `clones` clones of it.
    static func setUp(clones: Int) throws -> (Sandbox, remote: TestRepository, clones: [TestRepository]) {
        let sandbox = try Sandbox()
        let remote = try sandbox.repository("remote.git", bare: true)
        let seed = try PolicyLock.repository(in: sandbox, name: "seed", extraConfig: "locks:\n  remote: origin\n")
        try seed.git("push", "-q", remote.path, "main")
        let copies = try (0..<clones).map { index in
            try TestRepository(sandbox.root).git("clone", "-q", remote.path, "clone\(index)")
            return TestRepository(sandbox.url("clone\(index)"))
        }
        return (sandbox, remote, copies)
    }

    /// A lock commit as another git-deploy would have pushed it, made with git itself.
    static func pushLock(to remote: TestRepository, from clone: TestRepository, holder: String) throws -> String {
        let tree = try clone.git(["hash-object", "-t", "tree", "-w", "--stdin"], stdin: "").trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try clone.git(["commit-tree", tree, "-m", "git-deploy lock for dev\n\n\(holder)"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try clone.git("push", "-q", "--no-verify", "origin", "\(commit):refs/deploy/locks/dev")
        return commit
    }

    /// Now, as a lock states its times. A lock counts for at most a week after its `since`.
    static var now: String { ISO8601DateFormatter().string(from: Date()) }

    static func remoteLock(_ remote: TestRepository) throws -> String {
        try remote.git("for-each-ref", "refs/deploy/locks/").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("8 runs racing from two clones run their handlers one at a time; the remote lock is gone afterwards")
    func racingAcrossClones() throws {
        let (sandbox, remote, clones) = try Self.setUp(clones: 2)
        let results = try PolicyLock.raceEight(in: clones.map(\.directory), log: sandbox.url("handler.log"))
        #expect(results.contains { $0.stdout.contains("[lock] waiting for dev (lock on origin): held by Test Committer") })
        #expect(try Self.remoteLock(remote).isEmpty)
    }

    @Test("--no-wait in one clone exits 3 naming the holder in the other, with the lock's expiry")
    func noWaitAcrossClones() throws {
        let (sandbox, remote, clones) = try Self.setUp(clones: 2)
        let holder = try HoldingRun(["dev", "--yes"], in: clones[0].directory, scratch: sandbox.url("holder"),
                                    environment: ["GIT_COMMITTER_NAME": "Runner One", "GIT_COMMITTER_EMAIL": "one@ci.example"])
        try holder.waitUntilHolding()
        #expect(try Self.remoteLock(remote).hasSuffix("refs/deploy/locks/dev"))
        let other = try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: clones[1].directory)
        #expect(other.status == 3, "\(other.output)")
        #expect(other.stderr.contains("blocked by lock: dev (lock on origin) is locked: held by Runner One <one@ci.example> deploying "))
        #expect(other.stderr.contains(", expires "))
        #expect(holder.finish().status == 0)
        #expect(try Self.remoteLock(remote).isEmpty)
    }

    /// The history travels with the remote lock: fetched once it is held, pushed before it is
    /// released. So a runner that waited for another is checked against what that one deployed.
    @Test("a run in one clone that waited for another clone's deployment of a newer commit is blocked as outdated")
    func outdatedAcrossClones() throws {
        let (sandbox, _, clones) = try Self.setUp(clones: 2)
        let (first, second) = (clones[0], clones[1])
        _ = try first.commit("feat: base")
        #expect(try GitDeployBinary.run(["dev", "--yes"], in: first.directory).status == 0)
        let older = try first.commit("feat: older")
        let newer = try first.commit("feat: newer")
        try first.git("push", "-q", "origin", "main")
        try second.git("fetch", "-q", "origin")
        try second.git("checkout", "-q", "--detach", older)

        let holder = try HoldingRun(["dev", "--yes"], in: first.directory, scratch: sandbox.url("holder"))
        try holder.waitUntilHolding()
        let waiter = try HoldingRun(["dev", "--yes"], in: second.directory, scratch: sandbox.url("waiter"))
        try waiter.waitForOutput("[lock] waiting for dev (lock on origin)")
        let held = holder.finish()
        #expect(held.status == 0, "\(held.output)")
        #expect(held.output.contains("[lock] pushed the deployment history to origin"))
        let waited = waiter.finish()
        #expect(waited.status == 3, "\(waited.output)")
        #expect(waited.output.contains("[lock] fetched the deployment history from origin"))
        #expect(waited.output.contains("blocked by outdated: \(older.prefix(7)) \"feat: older\" is older than \(newer.prefix(7)) \"feat: newer\""))
    }

    @Test("an expired remote lock is taken over; the takeover is printed and recorded in history")
    func expiredLockTakeover() throws {
        let (sandbox, remote, clones) = try Self.setUp(clones: 1)
        defer { withExtendedLifetime(sandbox) {} }
        let clone = clones[0]
        let old = try Self.pushLock(to: remote, from: clone, holder:
            #"{"who":"Gone Runner <gone@ci.example>","pid":4242,"host":"runner-7","commit":"0123456789abcdef0123456789abcdef01234567","since":"2026-01-01T10:00:00.000Z","expires":"2026-01-01T10:40:00.000Z"}"#)
        let run = try GitDeployBinary.run(["dev", "--yes"], in: clone.directory)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.stdout.contains("took it over from Gone Runner <gone@ci.example> deploying 0123456 since 10:00:00 UTC (pid 4242 on runner-7), whose lock expired at 10:40:00 UTC"))
        #expect(try Self.remoteLock(remote).isEmpty, "released after the run")

        let history = try GitDeployBinary.run(["history", "dev", "--format", "json"], in: clone.directory)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]])
        let takeover = try #require(entries.first?["lock_takeover"] as? [String: Any], "\(history.stdout)")
        #expect(takeover["who"] as? String == "Gone Runner <gone@ci.example>")
        #expect(takeover["expires"] as? String == "2026-01-01T10:40:00.000Z")
        #expect(!old.isEmpty)
    }

    @Test("a lock that claims to last for centuries counts for at most the longest handler timeout plus ten minutes")
    func lockClaimsAreCapped() throws {
        let (sandbox, remote, clones) = try Self.setUp(clones: 1)
        defer { withExtendedLifetime(sandbox) {} }
        _ = try Self.pushLock(to: remote, from: clones[0], holder:
            #"{"who":"Greedy <greedy@x>","since":"2026-01-01T10:00:00.000Z","expires":"2999-01-01T00:00:00.000Z"}"#)
        let run = try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: clones[0].directory)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.stdout.contains("took it over from Greedy <greedy@x> since 10:00:00 UTC"))
    }

    @Test("a lock that has not expired blocks; git deploy unlock removes it and names its holder")
    func unlockRemote() throws {
        let (sandbox, remote, clones) = try Self.setUp(clones: 1)
        defer { withExtendedLifetime(sandbox) {} }
        let clone = clones[0]
        _ = try Self.pushLock(to: remote, from: clone, holder:
            #"{"who":"Stuck Runner <stuck@ci.example>","pid":7,"host":"runner-9","commit":"89abcdef0123456789abcdef0123456789abcdef","since":"\#(Self.now)","expires":"2999-01-01T00:00:00.000Z"}"#)
        let blocked = try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: clone.directory)
        #expect(blocked.status == 3, "\(blocked.output)")
        #expect(blocked.stderr.contains("held by Stuck Runner <stuck@ci.example> deploying 89abcde"))

        let unlock = try GitDeployBinary.run(["unlock", "dev", "--reason", "runner-9 was deleted"], in: clone.directory)
        #expect(unlock.status == 0, "\(unlock.output)")
        #expect(unlock.stdout.contains("removed refs/deploy/locks/dev on origin, held by Stuck Runner <stuck@ci.example> deploying 89abcde"))
        #expect(unlock.stdout.contains("(reason: runner-9 was deleted)"))
        #expect(try Self.remoteLock(remote).isEmpty)
        #expect(try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: clone.directory).status == 0)
    }

    @Test("a lock written by someone else cannot put control characters on the terminal")
    func hostileHolder() throws {
        let (sandbox, remote, clones) = try Self.setUp(clones: 1)
        defer { withExtendedLifetime(sandbox) {} }
        _ = try Self.pushLock(to: remote, from: clones[0], holder:
            #"{"who":"Eve \u001b[2J\u001b]8;;http://x\u0007 <eve@x>","host":"h\nfake line","since":"\#(Self.now)","expires":"2999-01-01T00:00:00.000Z"}"#)
        let blocked = try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: clones[0].directory)
        #expect(blocked.status == 3, "\(blocked.output)")
        #expect(blocked.stderr.contains(#"held by Eve \e[2J\e]8;;http://x\u{7} <eve@x>"#), "\(blocked.stderr)")
        #expect(!blocked.output.contains("\u{1b}"))
        #expect(blocked.stderr.contains(#"on h\nfake line"#))
    }

    @Test("a remote that cannot be reached blocks the deployment (exit 3) and names it; a remote that looks like an option is refused (exit 2)")
    func unreachableAndHostileRemote() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox, extraConfig: "locks:\n  remote: nowhere\n")
        let run = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        #expect(run.status == 3, "\(run.output)")
        #expect(run.stderr.contains("blocked by lock: cannot update the lock ref refs/deploy/locks/dev on nowhere: git push failed (exit 128): fatal: 'nowhere' does not appear to be a git repository"), "\(run.stderr)")
        #expect(run.stderr.contains("locks.remote in .deploy.yml"))

        try repo.write([".deploy.yml": "locks:\n  remote: \"--upload-pack=touch pwned\"\n"])
        let hostile = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        #expect(hostile.status == 2, "\(hostile.output)")
        #expect(hostile.stderr.contains(".deploy.yml:2: locks.remote: the remote '--upload-pack=touch pwned' starts with '-'"), "\(hostile.stderr)")
        #expect(!repo.exists("pwned"))
    }
}
