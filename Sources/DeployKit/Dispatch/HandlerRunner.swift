#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One handler invocation (DESIGN §7 "Dispatch").
public struct HandlerCommand: Sendable, Equatable {
    /// The argv; never passed through a shell (see `init(target:…)` for `shell: true`).
    public var argv: [String]
    public var workingDirectory: String
    /// Added to (and overriding) the variables this process has.
    public var environment: [String: String]
    /// Seconds before the handler's process group gets SIGTERM.
    public var timeout: Double
    /// Seconds between SIGTERM and SIGKILL.
    public var killGracePeriod: Double
    /// Whether SIGINT/SIGTERM we receive meanwhile are passed on to the handler's group.
    public var forwardSignals: Bool

    public init(argv: [String], workingDirectory: String, environment: [String: String] = [:],
                timeout: Double = TargetSettings.defaultTimeout, killGracePeriod: Double = 5, forwardSignals: Bool = true) {
        self.argv = argv
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.timeout = timeout
        self.killGracePeriod = killGracePeriod
        self.forwardSignals = forwardSignals
    }

    /// A configured target: its argv (or `/bin/sh -c` with its one string when `shell: true`), its
    /// timeout, its `env:` and then `environment` (the DEPLOY_* variables win over `env:`).
    public init(target: TargetSettings, workingDirectory: String, environment: [String: String]) {
        self.init(argv: HandlerCommand.argv(for: target), workingDirectory: workingDirectory,
                  environment: target.environment.merging(environment) { _, deploy in deploy }, timeout: target.timeout)
    }

    /// The argv a target runs: only `shell: true` involves a shell.
    public static func argv(for target: TargetSettings) -> [String] {
        target.shell ? ["/bin/sh", "-c", target.run.joined(separator: " ")] : target.run
    }
}

/// How a handler ended.
public enum HandlerOutcome: Sendable, Equatable, CustomStringConvertible {
    case exited(code: Int32)
    case signaled(signal: Int32)
    /// Stopped by us after `seconds`.
    case timedOut(seconds: Double)
    /// We received `signal` and passed it on.
    case interrupted(signal: Int32)
    /// It never ran: the reason names the program or directory.
    case failedToStart(reason: String)

    public var succeeded: Bool { self == .exited(code: 0) }

    public var description: String {
        switch self {
        case .exited(let code): return "exited with status \(code)"
        case .signaled(let signal): return "was killed by signal \(signal) (\(HandlerOutcome.signalName(signal)))"
        case .timedOut(let seconds): return "timed out after \(HandlerOutcome.seconds(seconds)) and was stopped"
        case .interrupted(let signal): return "was interrupted (\(HandlerOutcome.signalName(signal)) passed on)"
        case .failedToStart(let reason): return "could not start: \(reason)"
        }
    }

    static func signalName(_ signal: Int32) -> String {
        [SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGKILL: "SIGKILL", SIGHUP: "SIGHUP", SIGQUIT: "SIGQUIT",
         SIGPIPE: "SIGPIPE", SIGABRT: "SIGABRT", SIGSEGV: "SIGSEGV"][signal] ?? "signal \(signal)"
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// What a run produced besides the streamed output.
public struct HandlerResult: Sendable, Equatable {
    public let outcome: HandlerOutcome
    /// Wall time from spawn to the end of the run.
    public let duration: Double
    /// The handler's pid, which is also its process-group id; nil when it did not start.
    public let pid: Int32?
    /// The last `HandlerRunner.tailLimit` bytes of output, both streams, unprefixed: for error
    /// messages and probe reports.
    public let outputTail: [UInt8]

    /// `.handlerFailed` (exit 4) naming the handler, or nil when it succeeded.
    public func error(handler name: String) -> DeployError? {
        if outcome.succeeded { return nil }
        let tail = String(decoding: outputTail.suffix(400), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return DeployError(.handlerFailed, "handler \(name) \(outcome)", hint: tail.isEmpty ? nil : "its last output: \(tail)")
    }
}

/// Runs handlers: spawned in their own process group, output streamed with a prefix, stopped on
/// timeout with SIGTERM and then SIGKILL to the whole group, our SIGINT/SIGTERM passed on.
/// `run` blocks the calling thread until the handler ends.
public struct HandlerRunner: Sendable {
    public var prefix: String
    public var output: HandlerOutput

    static let tailLimit = 4096
    /// After the handler exits, how long output still held open by processes it left running in
    /// the background is read before we stop waiting for them.
    static let drainAfterExit = 1.0

    /// `prefix` goes before every output line, e.g. "[release-workflow] ".
    public init(prefix: String = "", output: HandlerOutput = .standardStreams) {
        self.prefix = prefix
        self.output = output
    }

    public func run(_ command: HandlerCommand) -> HandlerResult {
        let started = HandlerRunner.now()
        let environment = ProcessInfo.processInfo.environment.merging(command.environment) { _, new in new }
        // Buffered stdio output written before the handler's must come out before it.
        fflush(nil)
        let signalCount = command.forwardSignals ? InterruptSignals.begin() : 0
        defer { if command.forwardSignals { InterruptSignals.end() } }
        let process: SpawnedProcess
        do {
            process = try ProcessSpawner.spawn(argv: command.argv, workingDirectory: command.workingDirectory, environment: environment)
        } catch {
            return HandlerResult(outcome: .failedToStart(reason: error.reason), duration: HandlerRunner.now() - started, pid: nil, outputTail: [])
        }
        var session = Session(process: process, prefix: prefix, output: output)
        let outcome = session.supervise(command: command, started: started, signalCount: signalCount)
        return HandlerResult(outcome: outcome, duration: HandlerRunner.now() - started, pid: process.pid, outputTail: session.tail)
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// The state of one running handler: its pipes, its exit status, the stop sequence.
private struct Session {
    let process: SpawnedProcess
    let output: HandlerOutput
    var prefixers: [LinePrefixer]
    var open: [(descriptor: Int32, stream: HandlerStream)]
    var tail: [UInt8] = []

    init(process: SpawnedProcess, prefix: String, output: HandlerOutput) {
        self.process = process
        self.output = output
        prefixers = [LinePrefixer(prefix: prefix), LinePrefixer(prefix: prefix)]
        open = [(process.stdout, .stdout), (process.stderr, .stderr)]
    }

    mutating func supervise(command: HandlerCommand, started: Double, signalCount: Int32) -> HandlerOutcome {
        defer { for (descriptor, _) in open { close(descriptor) } }
        let group = -process.pid
        let deadline = started + max(0, command.timeout)
        var status: Int32?
        var exitedAt: Double?
        var stopping: HandlerOutcome?    // .timedOut or .interrupted once we started stopping it
        var killAt: Double?
        while true {
            let now = HandlerRunner.now()
            if status == nil {
                var raw: Int32 = 0
                let reaped = waitpid(process.pid, &raw, WNOHANG)
                if reaped == process.pid {
                    status = raw
                    exitedAt = now
                } else if reaped < 0 && errno == ECHILD {
                    // Reaped by someone else (a waitpid(-1) elsewhere in the process): the status is lost.
                    status = -1
                    exitedAt = now
                }
            }
            if stopping == nil, command.forwardSignals, let signal = InterruptSignals.pending(since: signalCount) {
                stopping = .interrupted(signal: signal)
                kill(group, signal)
                killAt = now + command.killGracePeriod
            }
            if stopping == nil, status == nil, now >= deadline {
                stopping = .timedOut(seconds: command.timeout)
                kill(group, SIGTERM)
                killAt = now + command.killGracePeriod
            }
            if let killAt, now >= killAt {
                // Whatever of the group is still there (the handler or what it started) is killed.
                kill(group, SIGKILL)
                if status != nil { break }
            }
            if let exitedAt, status != nil {
                if stopping != nil {
                    // Stopping: done when the whole group is gone (or at the SIGKILL above).
                    if kill(group, 0) != 0 && errno == ESRCH { break }
                } else if open.isEmpty || now - exitedAt >= HandlerRunner.drainAfterExit {
                    break
                }
            }
            pump(timeout: 0.05)
        }
        drainAvailable()
        if let stopping { return stopping }
        guard let status, status >= 0 else { return .exited(code: -1) }
        let low = status & 0x7f
        if low == 0 { return .exited(code: (status >> 8) & 0xff) }
        return .signaled(signal: low)
    }

    /// Waits up to `timeout` seconds for output and passes on what arrives.
    mutating func pump(timeout: Double) {
        guard !open.isEmpty else {
            usleep(UInt32(timeout * 1_000_000))
            return
        }
        var descriptors = open.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
        let ready = poll(&descriptors, nfds_t(descriptors.count), Int32(timeout * 1000))
        guard ready > 0 else { return }
        for (index, entry) in descriptors.enumerated().reversed() where entry.revents != 0 {
            if !readChunk(at: index) {
                close(open[index].descriptor)
                open.remove(at: index)
            }
        }
    }

    /// Reads whatever is already buffered, without waiting (after the group is gone).
    mutating func drainAvailable() {
        while !open.isEmpty {
            var descriptors = open.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
            guard poll(&descriptors, nfds_t(descriptors.count), 0) > 0 else { return }
            for (index, entry) in descriptors.enumerated().reversed() where entry.revents != 0 {
                if !readChunk(at: index) {
                    close(open[index].descriptor)
                    open.remove(at: index)
                }
            }
        }
    }

    /// One read(2); false at end of file or on an error.
    mutating func readChunk(at index: Int) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { read(open[index].descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { return true }
        guard count > 0 else { return false }
        let chunk = buffer[..<count]
        tail.append(contentsOf: chunk)
        if tail.count > HandlerRunner.tailLimit { tail.removeFirst(tail.count - HandlerRunner.tailLimit) }
        let stream = open[index].stream
        let prefixed = prefixers[stream == .stdout ? 0 : 1].apply(chunk)
        output.deliver(stream, prefixed)
        return true
    }
}
