import Foundation
import Testing
import TestSupport

/// Repositories and processes for the environment-lock and outdated-deployment tests (issue 14,
/// items 3 and 4): a handler that logs when it starts and ends, or that holds on until told to
/// finish, and git-deploy runs started in the background.
enum PolicyLock {
    /// The handler: logs "start PID TIME" and "end PID TIME" to $LOCK_TEST_LOG; with
    /// $LOCK_TEST_STARTED set, creates that file and waits (at most a minute) for $LOCK_TEST_RELEASE.
    static let handler = """
        #!/bin/sh
        [ -n "$LOCK_TEST_LOG" ] && echo "start $$ $(date +%s.%N)" >> "$LOCK_TEST_LOG"
        if [ -n "$LOCK_TEST_STARTED" ]; then
          : > "$LOCK_TEST_STARTED"
          i=0
          while [ ! -e "$LOCK_TEST_RELEASE" ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done
        else
          sleep "${LOCK_TEST_SLEEP:-0.2}"
        fi
        [ -n "$LOCK_TEST_LOG" ] && echo "end $$ $(date +%s.%N)" >> "$LOCK_TEST_LOG"
        exit 0

        """

    /// A repository whose every target runs the logging handler; `extraConfig` is appended to `.deploy.yml`.
    static func repository(in sandbox: Sandbox, name: String = "repo", extraConfig: String = "") throws -> TestRepository {
        let repo = try sandbox.repository(name)
        let targets = ["direct-deployment", "rollback-system", "release-workflow"].map { "  \($0):\n    run: [\"./deploy.sh\"]\n" }.joined()
        try repo.write(["deploy.sh": handler, ".deploy.yml": "targets:\n" + targets + extraConfig])
        _ = chmod(repo.directory.appendingPathComponent("deploy.sh").path, 0o755)
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "chore: deploy handler")
        return repo
    }

    /// The intervals the handler logged, by pid, in start order.
    static func intervals(_ log: URL) throws -> [(pid: String, start: Double, end: Double)] {
        var starts: [String: Double] = [:], ends: [String: Double] = [:]
        for line in try String(contentsOf: log, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let time = Double(parts[2]) else { continue }
            if parts[0] == "start" { starts[String(parts[1])] = time } else { ends[String(parts[1])] = time }
        }
        return starts.compactMap { pid, start in ends[pid].map { (pid, start, $0) } }.sorted { $0.start < $1.start }
    }

    /// Pairs of logged intervals that overlap (empty when the handlers ran one at a time).
    static func overlaps(_ intervals: [(pid: String, start: Double, end: Double)]) -> [String] {
        zip(intervals, intervals.dropFirst()).compactMap { earlier, later in
            later.start < earlier.end ? "pid \(later.pid) started at \(later.start) before pid \(earlier.pid) ended at \(earlier.end)" : nil
        }
    }

    /// Runs 8 `git deploy dev --yes` at once in `directories` (round robin), expects all to
    /// succeed with handler intervals that do not overlap, and returns what they printed.
    static func raceEight(in directories: [URL], log: URL) throws -> [RunOutcome] {
        let results = race(8, ["dev", "--yes"], in: directories, environment: ["LOCK_TEST_LOG": log.path, "LOCK_TEST_SLEEP": "0.2"])
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.filter { $0.status != 0 }.map(\.output))")
        let intervals = try PolicyLock.intervals(log)
        #expect(intervals.count == 8)
        #expect(overlaps(intervals).isEmpty, "\(overlaps(intervals))")
        return results
    }

    /// Runs `git-deploy ARGS` `count` times at once in the given directories (round robin).
    static func race(_ count: Int, _ arguments: [String], in directories: [URL], environment: [String: String]) -> [RunOutcome] {
        let results = RaceResults()
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = try? GitDeployBinary.run(arguments, in: directories[index % directories.count], environment: environment)
            results.append(RunOutcome(status: result?.status ?? -1, stdout: result?.stdout ?? "", stderr: result?.stderr ?? "did not start"))
        }
        return results.all
    }
}

/// What a run started here (in a race, or in the background) did.
struct RunOutcome: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String
    var output: String { stdout + stderr }
}

/// Outcomes of concurrent runs.
final class RaceResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [RunOutcome] = []

    func append(_ result: RunOutcome) {
        lock.lock()
        results.append(result)
        lock.unlock()
    }

    var all: [RunOutcome] {
        lock.lock()
        defer { lock.unlock() }
        return results
    }
}

/// A git-deploy run in the background whose handler holds the environment until `release()`.
final class HoldingRun: @unchecked Sendable {
    let process = Process()
    let started: URL
    let releaseFile: URL
    private let output: URL

    /// Starts `git-deploy ARGS` in `directory`; `scratch` gets the marker files and the output.
    init(_ arguments: [String], in directory: URL, scratch: URL, environment: [String: String] = [:]) throws {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        started = scratch.appendingPathComponent("started")
        releaseFile = scratch.appendingPathComponent("release")
        output = scratch.appendingPathComponent("output")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: GitDeployBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = Runner.environment(environment.merging(
            ["LOCK_TEST_STARTED": started.path, "LOCK_TEST_RELEASE": releaseFile.path]) { $1 })
        process.standardInput = FileHandle.nullDevice
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Returns once the handler runs (so the run holds the lock); throws if the run ends first.
    func waitUntilHolding(timeout: TimeInterval = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: started.path) { return }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        throw HoldingRunEnded(output: finish().output)
    }

    /// Returns once the run's output contains `text`; throws if the run ends first.
    func waitForOutput(_ text: String, timeout: TimeInterval = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let written = try? String(contentsOf: output, encoding: .utf8), written.contains(text) { return }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        throw HoldingRunEnded(output: finish().output)
    }

    /// Lets the handler finish.
    func release() {
        _ = FileManager.default.createFile(atPath: releaseFile.path, contents: nil)
    }

    /// Releases the handler, waits for the run and returns its status and output.
    @discardableResult
    func finish() -> RunOutcome {
        release()
        process.waitUntilExit()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return RunOutcome(status: process.terminationStatus, stdout: text, stderr: "")
    }
}

/// The background run ended before its handler started.
struct HoldingRunEnded: Error, CustomStringConvertible {
    let output: String
    var description: String { "the holding run ended before its handler started: \(output)" }
}
