import Foundation

/// The monitoring window after a deployment passed verification (`verify.<env>.monitor`): a bake
/// time, as CodeDeploy calls it, or Argo Rollouts' background analysis. Every `interval` (start to
/// start) each probe gets one attempt, all probes at once; a probe whose attempts fail
/// `failure-threshold` rounds in a row fails the window at once, and the window passes when its
/// `duration` has gone by without that. A round under way when the time is up is finished.
/// SIGINT or SIGTERM stops the window (someone stopped watching), which is not a failure.
public struct MonitoringWindow: Sendable {
    public enum Ending: Sendable, Equatable {
        case passed
        case failed(reason: String)
        /// A signal stopped it (its name, for the record).
        case stopped(signal: String)
    }

    public struct Result: Sendable {
        public let ending: Ending
        public let rounds: Int
        public let startedAt: Date
        public let endedAt: Date
    }

    public var duration: Double
    public var interval: Double
    public var probes: [ProbeSettings]
    /// Where command probes run, and what they see added to the environment (DEPLOY_*).
    public var workingDirectory: String
    public var environment: [String: String]

    public init(duration: Double, interval: Double, probes: [ProbeSettings], workingDirectory: String, environment: [String: String]) {
        self.duration = duration
        self.interval = interval
        self.probes = probes
        self.workingDirectory = workingDirectory
        self.environment = environment
    }

    /// How often the window looks for a signal while it waits.
    static let signalPoll = 0.05

    /// Runs the window on the calling thread; `onRound` gets the progress after every round.
    public func run(onRound: (MonitorProgress) -> Void) -> Result {
        let startedAt = Date()
        let start = HandlerRunner.now()
        let signals = InterruptSignals.begin()
        defer { InterruptSignals.end() }
        let check = ProbeCheck(workingDirectory: workingDirectory, environment: environment)
        var failuresInARow = Array(repeating: 0, count: probes.count)
        var rounds = 0
        func finish(_ ending: Ending) -> Result {
            Result(ending: ending, rounds: rounds, startedAt: startedAt, endedAt: Date())
        }
        func stopSignal() -> Ending? {
            InterruptSignals.pending(since: signals).map { .stopped(signal: HandlerOutcome.signalName($0)) }
        }

        while HandlerRunner.now() - start < duration {
            let roundStart = HandlerRunner.now()
            rounds += 1
            guard let outcomes = attemptAll(check, signals: signals) else { return finish(stopSignal() ?? .stopped(signal: "SIGINT")) }
            var failing: [String] = []
            for (index, outcome) in outcomes.enumerated() {
                let probe = probes[index]
                if outcome.success {
                    failuresInARow[index] = 0
                    continue
                }
                failuresInARow[index] += 1
                failing.append("\(probe.name): \(outcome.detail)")
                if failuresInARow[index] >= probe.failureThreshold {
                    let reason = "probe \(probe.name) (\(probe.layer.rawValue)) failed \(failuresInARow[index]) round\(failuresInARow[index] == 1 ? "" : "s") in a row "
                        + "\(MonitorProgress.clock(HandlerRunner.now() - start)) into the window: \(outcome.detail)"
                    return finish(.failed(reason: reason))
                }
            }
            onRound(MonitorProgress(elapsed: HandlerRunner.now() - start, duration: duration, rounds: rounds,
                                    passing: outcomes.count - failing.count, total: outcomes.count, failing: failing))
            // The next round starts `interval` after this one started, or the window ends first.
            let next = min(roundStart + interval, start + duration)
            while HandlerRunner.now() < next {
                if let stopped = stopSignal() { return finish(stopped) }
                Thread.sleep(forTimeInterval: min(MonitoringWindow.signalPoll, max(0, next - HandlerRunner.now())))
            }
        }
        return finish(.passed)
    }

    /// One attempt of every probe, each on its own thread (they block on sockets and processes);
    /// nil when a signal arrived meanwhile (the attempts still under way are left to end on their own).
    private func attemptAll(_ check: ProbeCheck, signals: Int32) -> [CheckOutcome]? {
        let slots = ResultSlots<CheckOutcome>(count: probes.count)
        let group = DispatchGroup()
        for (index, probe) in probes.enumerated() {
            group.enter()
            let thread = Thread {
                slots.set(index, check.run(probe.check, timeout: probe.timeout))
                group.leave()
            }
            thread.name = "monitor \(probe.name)"
            thread.start()
        }
        while group.wait(timeout: .now() + MonitoringWindow.signalPoll) == .timedOut {
            if InterruptSignals.pending(since: signals) != nil { return nil }
        }
        return slots.values()
    }
}

/// What a window has seen so far: the live line, the periodic lines, the progress file.
public struct MonitorProgress: Sendable, Equatable {
    public var elapsed: Double
    public var duration: Double
    public var rounds: Int
    /// Probes whose latest attempt succeeded.
    public var passing: Int
    public var total: Int
    /// "name: why" for each probe whose latest attempt failed.
    public var failing: [String]

    public init(elapsed: Double, duration: Double, rounds: Int, passing: Int, total: Int, failing: [String]) {
        self.elapsed = elapsed
        self.duration = duration
        self.rounds = rounds
        self.passing = passing
        self.total = total
        self.failing = failing
    }

    public var remaining: Double { max(0, duration - elapsed) }

    /// "1m 20s left, 2/2 probes passing (round 5)", then the failing probes.
    public var line: String {
        "\(MonitorProgress.clock(remaining)) left, \(passing)/\(total) probe\(total == 1 ? "" : "s") passing (round \(rounds))"
            + (failing.isEmpty ? "" : "; failing: " + failing.joined(separator: "; "))
    }

    /// "2h 05m", "1m 20s", "3.4s": a duration for people.
    public static func clock(_ seconds: Double) -> String {
        let value = seconds.isFinite ? max(0, seconds) : 0
        if value < 10 { return String(format: "%.1fs", value) }
        let whole = Int(min(value, 1e9).rounded())
        if whole >= 3600 { return "\(whole / 3600)h \(String(format: "%02d", (whole % 3600) / 60))m" }
        if whole >= 60 { return "\(whole / 60)m \(String(format: "%02d", whole % 60))s" }
        return "\(whole)s"
    }

    var json: JSONValue {
        .object([("elapsed_seconds", .double((elapsed * 1000).rounded() / 1000)), ("duration_seconds", .double(duration)),
                 ("rounds", .int(rounds)), ("passing", .int(passing)), ("total", .int(total)),
                 ("failing", .array(failing.map(JSONValue.string)))])
    }

    init?(json: JSONValue) {
        func count(_ key: String) -> Int? {
            if case .int(let value)? = json[key], value >= 0 { return value }
            return nil
        }
        guard let elapsed = json["elapsed_seconds"]?.number, let duration = json["duration_seconds"]?.number,
              let rounds = count("rounds"), let passing = count("passing"), let total = count("total") else { return nil }
        let failing: [String] = if case .array(let items)? = json["failing"] { items.compactMap(\.stringValue) } else { [] }
        self.init(elapsed: elapsed, duration: duration, rounds: rounds, passing: passing, total: total, failing: failing)
    }
}
