import Foundation
import Testing
import TestSupport

/// One deployment per environment at a time on one machine (issue 14, item 3): the lock
/// `.git/deploy/locks/<env>` is taken with flock(2) from the gates to the record, so racing
/// runs queue, a second run can refuse at once or give up after a while, and a killed holder
/// leaves nothing behind. Before it, two `git deploy dev` runs 24 ms apart ran their handlers
/// at the same time.
@Suite("policy: the environment lock on one machine", .tags(.endToEnd))
struct PolicyLockEndToEndTests {
    @Test("8 racing git deploy dev --yes runs their handlers one at a time, and all succeed")
    func racingRunsDoNotOverlap() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        let results = try PolicyLock.raceEight(in: [repo.directory], log: sandbox.url("handler.log"))
        // The runs that queued said whom they waited for.
        #expect(results.contains { $0.stdout.contains("[lock] waiting for dev: held by Test Committer <committer@example.com> deploying ") })
    }

    @Test("--no-wait exits 3 naming the holder; --wait-timeout 1s gives up with exit 3; the holder is unharmed")
    func noWaitAndTimeout() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        let holder = try HoldingRun(["dev", "--yes"], in: repo.directory, scratch: sandbox.url("holder"),
                                    environment: ["GIT_COMMITTER_NAME": "Ann", "GIT_COMMITTER_EMAIL": "ann@example.com"])
        try holder.waitUntilHolding()
        let short = String(try repo.head().prefix(7))

        let noWait = try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: repo.directory)
        #expect(noWait.status == 3, "\(noWait.output)")
        #expect(noWait.stderr.contains("error: blocked by lock: dev is locked: held by Ann <ann@example.com> deploying \(short) since "))
        #expect(noWait.stderr.contains("(pid \(holder.process.processIdentifier) on "))
        #expect(noWait.stderr.contains("--no-wait does not wait"))
        #expect(noWait.stderr.contains("git deploy unlock dev --reason"))

        let started = Date()
        let timedOut = try GitDeployBinary.run(["dev", "--yes", "--wait-timeout", "1s", "--format", "json"], in: repo.directory)
        #expect(timedOut.status == 3, "\(timedOut.output)")
        #expect(Date().timeIntervalSince(started) >= 1)
        #expect(timedOut.stderr.contains("[lock] waiting for dev: held by Ann <ann@example.com>"))
        let json = try GitDeployBinary.json(timedOut)
        #expect(json["status"] as? String == "blocked")
        let gates = try #require(json["gates"] as? [[String: Any]])
        #expect(gates.contains { $0["gate"] as? String == "lock" && $0["status"] as? String == "fail"
            && ($0["reason"] as? String)?.hasPrefix("gave up after 1 s waiting for dev: held by Ann") == true })

        let done = holder.finish()
        #expect(done.status == 0, "\(done.output)")
        // Free again: a run that does not wait goes through.
        #expect(try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: repo.directory).status == 0)
    }

    @Test("a holder killed with SIGKILL does not wedge the lock")
    func killedHolder() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        let holder = try HoldingRun(["dev", "--yes"], in: repo.directory, scratch: sandbox.url("holder"))
        try holder.waitUntilHolding()
        #expect(try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: repo.directory).status == 3)
        kill(holder.process.processIdentifier, SIGKILL)
        holder.process.waitUntilExit()
        holder.release()  // the orphaned handler may go too
        let after = try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: repo.directory)
        #expect(after.status == 0, "\(after.output)")
        #expect(after.stdout.contains("[lock] holding the lock of dev"))
    }

    @Test("linked worktrees share the lock (it lives in the common git directory)")
    func worktreesShareTheLock() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        try repo.git("worktree", "add", "-q", "--detach", sandbox.url("linked").path)
        let holder = try HoldingRun(["dev", "--yes"], in: repo.directory, scratch: sandbox.url("holder"))
        try holder.waitUntilHolding()
        let linked = try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: sandbox.url("linked"))
        #expect(linked.status == 3, "\(linked.output)")
        #expect(linked.stderr.contains("blocked by lock: dev is locked: held by Test Committer"))
        #expect(FileManager.default.fileExists(atPath: repo.directory.appendingPathComponent(".git/deploy/locks/dev").path))
        #expect(holder.finish().status == 0)
    }

    @Test("--dry-run takes no lock, and says so")
    func dryRunTakesNoLock() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        let holder = try HoldingRun(["dev", "--yes"], in: repo.directory, scratch: sandbox.url("holder"))
        try holder.waitUntilHolding()
        let dry = try GitDeployBinary.run(["dev", "--yes", "--dry-run", "--no-wait"], in: repo.directory)
        #expect(dry.status == 0, "\(dry.output)")
        #expect(dry.stdout.contains("[lock] dry run: the lock of dev was not taken"))
        #expect(holder.finish().status == 0)
    }

    @Test("git deploy unlock removes a stuck run's lock, naming the holder; --reason is required")
    func unlockLocal() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        let missingReason = try GitDeployBinary.run(["unlock", "dev"], in: repo.directory)
        #expect(missingReason.status == 64, "\(missingReason.output)")
        #expect(missingReason.stderr.contains("--reason"))
        let emptyReason = try GitDeployBinary.run(["unlock", "dev", "--reason", " "], in: repo.directory)
        #expect(emptyReason.status == 64, "\(emptyReason.output)")

        let free = try GitDeployBinary.run(["unlock", "dev", "--reason", "checking"], in: repo.directory)
        #expect(free.status == 0, "\(free.output)")
        #expect(free.stdout.contains("dev is not locked on this machine"))

        let holder = try HoldingRun(["dev", "--yes"], in: repo.directory, scratch: sandbox.url("holder"),
                                    environment: ["GIT_COMMITTER_NAME": "Stuck", "GIT_COMMITTER_EMAIL": "stuck@example.com"])
        try holder.waitUntilHolding()
        let unlock = try GitDeployBinary.run(["unlock", "development", "--reason", "handler hangs"], in: repo.directory)
        #expect(unlock.status == 0, "\(unlock.output)")
        #expect(unlock.stdout.contains("removed the lock of dev on this machine, held by Stuck <stuck@example.com> deploying "))
        #expect(unlock.stdout.contains("(reason: handler hangs)"))
        // The next run no longer waits for the stuck one.
        let next = try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: repo.directory)
        #expect(next.status == 0, "\(next.output)")
        #expect(holder.finish().status == 0)
    }

    @Test("environment names that cannot name a lock file and ref are refused with exit 2", arguments: ["cache.lock", "a..b", ".hidden"])
    func unsafeNames(name: String) throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox, extraConfig: "environments:\n  \"\(name)\":\n    safety: low\n")
        let deploy = try GitDeployBinary.run([name, "--yes"], in: repo.directory)
        #expect(deploy.status == 2, "\(deploy.output)")
        #expect(deploy.stderr.contains("cannot lock: the environment name '\(name)'"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.url("repo/.git/deploy/locks/\(name)").path))
        let unlock = try GitDeployBinary.run(["unlock", name, "--reason", "x"], in: repo.directory)
        #expect(unlock.status == 2, "\(unlock.output)")
        let traversal = try GitDeployBinary.run(["unlock", "../../x", "--reason", "x"], in: repo.directory)
        #expect(traversal.status == 2, "\(traversal.output)")
    }

    @Test("rollback waits for the lock too: --no-wait exits 3 while a deployment runs")
    func rollbackTakesTheLock() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        let first = try repo.head()
        try repo.commit("feat: next")
        let holder = try HoldingRun(["dev", "--yes"], in: repo.directory, scratch: sandbox.url("holder"))
        try holder.waitUntilHolding()
        let rollback = try GitDeployBinary.run(["rollback", "dev", "--to", first, "--yes", "--no-wait"], in: repo.directory)
        #expect(rollback.status == 3, "\(rollback.output)")
        #expect(rollback.stderr.contains("blocked by lock: dev is locked: held by Test Committer"))
        #expect(holder.finish().status == 0)
    }

    /// The lock is a plain flock(2) on a file, so `flock(1)` can hold an environment (a maintenance
    /// script), and whatever that file contains is only a description: a large or garbage one is
    /// not printed.
    @Test("a lock held by flock(1) over a garbage file blocks, and the garbage is not printed")
    func foreignHolder() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        let lock = repo.directory.appendingPathComponent(".git/deploy/locks/dev")
        try FileManager.default.createDirectory(at: lock.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(("\u{1b}[2J GARBAGE " + String(repeating: "x", count: 100_000)).utf8).write(to: lock)
        let started = sandbox.url("flock-started")
        let release = sandbox.url("flock-release")
        let flock = Process()
        flock.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        flock.arguments = [lock.path, "sh", "-c", "touch \"$0\"; i=0; while [ ! -e \"$1\" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done",
                           started.path, release.path]
        try flock.run()
        defer {
            _ = FileManager.default.createFile(atPath: release.path, contents: nil)
            flock.waitUntilExit()
        }
        while !FileManager.default.fileExists(atPath: started.path), flock.isRunning { usleep(20_000) }
        let run = try GitDeployBinary.run(["dev", "--yes", "--no-wait"], in: repo.directory)
        #expect(run.status == 3, "\(run.output)")
        #expect(run.stderr.contains("dev is locked: held by another git-deploy run (it has not written who it is yet)"))
        #expect(!run.output.contains("GARBAGE"))
    }

    @Test("a lock that cannot be created is git-deploy's own write failing: exit 7 naming the path")
    func lockDirectoryInTheWay() throws {
        let sandbox = try Sandbox()
        let repo = try PolicyLock.repository(in: sandbox)
        try Data("not a directory\n".utf8).write(to: repo.directory.appendingPathComponent(".git/deploy"))
        let run = try GitDeployBinary.run(["dev", "--yes"], in: repo.directory)
        #expect(run.status == 7, "\(run.output)")
        #expect(run.stderr.contains("/.git/deploy: Not a directory"), "\(run.stderr)")
        #expect(!run.stdout.contains("[dispatch] running"))
    }
}
