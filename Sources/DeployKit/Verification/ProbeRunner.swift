import Foundation

/// Runs `verify.<env>` probes concurrently with Kubernetes probe semantics (DESIGN §7): after
/// `initialDelay`, one check every `period` (measured start to start), each bounded by `timeout`;
/// `successThreshold` consecutive successes pass the probe, `failureThreshold` consecutive
/// failures fail it.
///
/// Each probe gets its own thread: checks block on sockets and processes, and blocking the few
/// threads of Swift's cooperative pool would serialise the probes on a small machine.
public struct ProbeRunner: Sendable {
    public var workingDirectory: String
    /// Added to command probes' environment (e.g. the DEPLOY_* variables).
    public var environment: [String: String]

    public init(workingDirectory: String, environment: [String: String] = [:]) {
        self.workingDirectory = workingDirectory
        self.environment = environment
    }

    /// Attempts after which a probe that keeps alternating is failed: Kubernetes probes run
    /// forever, a deployment's verification must end.
    public static func attemptLimit(for probe: ProbeSettings) -> Int {
        max(10, 3 * (probe.successThreshold + probe.failureThreshold))
    }

    /// Runs every probe and returns when all have finished, in the order given.
    public func run(_ probes: [ProbeSettings]) -> VerificationReport {
        let started = HandlerRunner.now()
        let results = ResultSlots<ProbeReport>(count: probes.count)
        let group = DispatchGroup()
        for (index, probe) in probes.enumerated() {
            group.enter()
            let thread = Thread { [self] in
                results.set(index, runOne(probe))
                group.leave()
            }
            thread.name = "probe \(probe.name)"
            thread.start()
        }
        group.wait()
        return VerificationReport(probes: results.values(), duration: HandlerRunner.now() - started)
    }

    /// One probe, start to verdict, on the calling thread.
    public func runOne(_ probe: ProbeSettings) -> ProbeReport {
        let started = HandlerRunner.now()
        let check = ProbeCheck(workingDirectory: workingDirectory, environment: environment)
        ProbeRunner.sleep(probe.initialDelay)
        var successes = 0, failures = 0, attempts = 0
        var lastError: String?
        let limit = ProbeRunner.attemptLimit(for: probe)
        while true {
            let attemptStart = HandlerRunner.now()
            attempts += 1
            let outcome = check.run(probe.check, timeout: probe.timeout)
            if outcome.success {
                successes += 1
                failures = 0
                if successes >= probe.successThreshold {
                    return ProbeReport(probe: probe, result: .passed, attempts: attempts, lastError: lastError, duration: HandlerRunner.now() - started)
                }
            } else {
                failures += 1
                successes = 0
                lastError = outcome.detail
                if failures >= probe.failureThreshold {
                    return ProbeReport(probe: probe, result: .failed, attempts: attempts, lastError: lastError, duration: HandlerRunner.now() - started)
                }
            }
            if attempts >= limit {
                let reason = "neither \(probe.successThreshold) consecutive successes nor \(probe.failureThreshold) consecutive failures in \(limit) attempts"
                return ProbeReport(probe: probe, result: .failed, attempts: attempts,
                                   lastError: lastError.map { "\(reason); last: \($0)" } ?? reason, duration: HandlerRunner.now() - started)
            }
            ProbeRunner.sleep(attemptStart + probe.period - HandlerRunner.now())
        }
    }

    private static func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        Thread.sleep(forTimeInterval: seconds)
    }
}

/// One slot per probe, filled by the probe threads (the verification's and the monitoring
/// window's). A lock rather than an actor because the writers are plain threads and the reader
/// waits on a DispatchGroup, not in async code.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Value?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        defer { lock.unlock() }
        slots[index] = value
    }

    func values() -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}

extension ProbeRunner {
    /// `git deploy verify ENV`: the environment's probes, run alone in the work tree.
    public static func verify(environment name: String, in snapshot: RepositorySnapshot) throws(DeployError) -> VerificationReport {
        let environment: String
        switch snapshot.configuration.environments.resolve(name) {
        case .success(let definition): environment = definition.name
        case .failure(let unknown): throw DeployError.badInput(unknown.description)
        }
        guard let verify = snapshot.configuration.verify[environment], !verify.probes.isEmpty else {
            throw DeployError.badInput("\(environment) has no probes", hint: "add verify.\(environment).probes to .deploy.yml")
        }
        return ProbeRunner(workingDirectory: snapshot.workingDirectory).run(verify.probes)
    }
}
