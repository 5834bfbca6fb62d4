import Foundation
import GitRepository

/// Moves `refs/notes/deployments` to a new notes commit by compare-and-swap, retrying on contention.
///
/// Each attempt reads the current tip, builds a new commit on top of it and asks libgit2 to move
/// the ref only if it still points at that tip. When another process won the race, the attempt is
/// rebuilt on the new tip after a jittered, growing pause, so N concurrent writers all land and
/// none overwrites another (last-writer-wins would lose entries).
struct NotesPublisher {
    let repository: Repository
    let ref: String
    /// Bounded: 50 attempts with pauses growing to 200 ms is several seconds of solid contention.
    var maxAttempts = 50
    /// A lock this old is taken to be left by a killed process rather than held by a live one.
    var staleLockAge: TimeInterval = 600

    /// Runs `build` on the current tip until its commit is published; `build` returns nil when
    /// there is nothing to write. Returns the attempts it took (0 when nothing was written).
    @discardableResult
    func publish(message: String, _ build: (ObjectID?) throws(DeployError) -> ObjectID?) throws(DeployError) -> Int {
        var generator = SystemRandomNumberGenerator()
        var lastOutcome = ReferenceUpdate.updated
        for attempt in 1...maxAttempts {
            let tip = try DeployError.reading("read \(ref)") { try repository.referenceTarget(ref) }
            guard let commit = try build(tip) else { return 0 }
            lastOutcome = try DeployError.reading("update \(ref)") {
                try repository.updateReference(ref, to: commit, expecting: tip, logMessage: message)
            }
            switch lastOutcome {
            case .updated:
                return attempt
            case .locked:
                if let age = lockAge(), age > staleLockAge { throw staleLock(age: age) }
            case .changedMeanwhile:
                break
            }
            let ceiling = UInt64(min(200, 2 << min(attempt, 7)))  // ms: 4, 8, … 200
            usleep(UInt32(UInt64.random(in: 1...ceiling, using: &generator) * 1000))
        }
        if lastOutcome == .locked {
            throw DeployError.badInput(
                "cannot update \(ref): \(lockPath) stayed locked through \(maxAttempts) attempts",
                hint: "another git or git-deploy process holds it; if none is running, remove the lock: rm \(ShellQuoting.displayArgv([lockPath]))")
        }
        throw DeployError(.internalFault, "cannot update \(ref): it changed under every one of \(maxAttempts) attempts",
                          hint: "other processes are writing deployment history nonstop; try again")
    }

    private var lockPath: String { repository.lockPath(ofReference: ref) }

    private func lockAge() -> TimeInterval? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: lockPath),
              let modified = attributes[.modificationDate] as? Date else { return nil }
        return Date().timeIntervalSince(modified)
    }

    private func staleLock(age: TimeInterval) -> DeployError {
        DeployError.badInput(
            "cannot update \(ref): \(lockPath) is a stale lock (\(Int(age / 60)) minutes old, left by a process that was killed?)",
            hint: "if no git or git-deploy process is running in this repository, remove it: rm \(ShellQuoting.displayArgv([lockPath]))")
    }
}
