#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GitRepository

/// `git deploy status --watch`: follows the newest monitoring window in the history (running here,
/// in another terminal, or detached) until it ends, from its progress file and its history entry.
public struct MonitorWatch {
    public let snapshot: RepositorySnapshot
    /// Only windows of this environment; nil for any.
    public var environment: String?
    /// How often the progress file and the entry are read.
    public var poll: Double = 0.2
    /// How long a window may have no live process behind it (it is starting, or just wrote its
    /// outcome) before the watch gives up on it.
    static let gracePeriod = 10.0

    public init(snapshot: RepositorySnapshot, environment: String? = nil) {
        self.snapshot = snapshot
        self.environment = environment
    }

    /// `status --watch [--env NAME]`: NAME is a configured name or alias; an unknown one is bad input.
    public init(snapshot: RepositorySnapshot, environmentNamed name: String?) throws(DeployError) {
        var environment: String?
        if let name {
            switch snapshot.configuration.environments.resolve(name) {
            case .success(let definition): environment = definition.name
            case .failure(let unknown): throw DeployError.badInput(unknown.description)
            }
        }
        self.init(snapshot: snapshot, environment: environment)
    }

    /// How the window ended, and its entry as last read.
    public struct Ending: Sendable {
        public let entry: DeploymentRecord
        public let outcome: MonitorOutcome

        /// 5 when the window failed, else 0 (a stopped window left the deployment as it was).
        public var exitCode: Int32 { outcome == .failed ? 5 : 0 }

        public var summary: String {
            let monitor = entry.monitor
            let reason = monitor?["reason"]?.stringValue.map { ": \($0)" } ?? ""
            switch outcome {
            case .passed: return "\(entry.id) (\(entry.environment)): monitoring passed; the deployment stays \(entry.status.rawValue)"
            case .failed: return "\(entry.id) (\(entry.environment)): monitoring failed\(reason); the deployment is \(entry.status.rawValue)"
            case .stopped:
                let how = monitor?["reason"]?.stringValue ?? "was stopped"
                return "\(entry.id) (\(entry.environment)): monitoring \(how); the deployment stays \(entry.status.rawValue)"
            case .off: return "\(entry.id) (\(entry.environment)): its monitoring window was turned off (--monitor off)"
            case .running, .detached: return "\(entry.id) (\(entry.environment)): monitoring is still running"
            }
        }

        /// `status --watch --format json`.
        public var json: JSONValue {
            .object([("schema", .int(1)), ("id", .string(entry.id)), ("environment", .string(entry.environment)),
                     ("status", .string(entry.status.rawValue)), ("monitor", entry.monitor ?? .null)])
        }
    }

    /// Follows the window; `onProgress` gets a line now and then while it runs.
    public func follow(onProgress: (String) -> Void) throws(DeployError) -> Ending {
        let page = try snapshot.history.store.read(HistoryQuery(environment: environment))
        guard let watched = page.entries.first(where: { $0.monitor != nil }) else {
            throw DeployError.badInput("no deployment\(environment.map { " of \($0)" } ?? "") in the history has a monitoring window",
                                       hint: "add verify.<env>.monitor to .deploy.yml; git deploy --monitor detach runs it in the background")
        }
        // The id names files in .git/deploy/monitor, and anyone who can push the notes ref writes it:
        // one with '/' or '..' would have the watch read (and print) a file elsewhere.
        guard DeploymentID.isValid(watched.id) else {
            throw DeployError.badInput("the history entry '\(Excerpt.quote(watched.id))' (\(Excerpt.quote(watched.environment)), on \(watched.commit.short)) has an id that cannot name git-deploy's monitor files",
                                       hint: "it was not written by git-deploy; see it with git notes --ref deployments show \(watched.commit.short)")
        }
        let files = MonitorFiles(commonDirectory: snapshot.repository.commonDirectory, id: watched.id)
        var entry = watched
        var lines = PeriodicLines(interval: entry.monitor?["interval_seconds"]?.number ?? 1)
        var lastRound = -1
        var goneSince: Double?
        if !(entry.monitorOutcome?.isFinal ?? true) {
            onProgress("following \(entry.id) (\(entry.environment)), monitor \(entry.monitorOutcome?.rawValue ?? "-")")
        }
        while let outcome = entry.monitorOutcome, !outcome.isFinal {
            let current = files.readProgress()
            if let progress = current?.progress, progress.rounds != lastRound {
                lastRound = progress.rounds
                if lines.due(progress) { onProgress(progress.line) }
            }
            // A monitor that died without recording (kill -9, a reboot), or never started, would
            // be waited for forever: no live process for `MonitorWatch.gracePeriod` ends the watch.
            let pid = current?.pid ?? 0
            if pid <= 0 || (kill(pid, 0) != 0 && errno == ESRCH) {
                let now = HandlerRunner.now()
                if let since = goneSince, now - since > MonitorWatch.gracePeriod {
                    throw DeployError(.internalFault, "the monitor of \(entry.id) \(pid > 0 ? "(pid \(pid)) ended" : "is not running") without recording an outcome",
                                      hint: "see \(files.log)")
                }
                goneSince = goneSince ?? now
            } else {
                goneSince = nil
            }
            Thread.sleep(forTimeInterval: poll)
            entry = try reread(entry) ?? entry
        }
        return Ending(entry: entry, outcome: entry.monitorOutcome ?? .off)
    }

    /// The entry as it is now: only the note on its commit is read.
    private func reread(_ entry: DeploymentRecord) throws(DeployError) -> DeploymentRecord? {
        try snapshot.history.store.entries(on: entry.commit).first { $0.id == entry.id }
    }
}
