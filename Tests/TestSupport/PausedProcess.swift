import Foundation

/// A process started under strace with one system call on one path held back for a while, so a
/// test can run another process inside a race window that is otherwise microseconds wide.
///
/// strace's `-P PATH` limits tracing (and so the injection) to calls naming PATH, and
/// `inject=SYSCALL:delay_enter=…:when=1` stops the first such call before the kernel runs it.
/// strace writes the call's entering half to its log before the pause starts, so
/// `waitUntilPaused` sees the process sitting at the call rather than guessing with a sleep.
/// Needs strace (Debian: `apt-get install strace`, which `.ci/run` does) and ptrace permission.
public final class PausedProcess: @unchecked Sendable {
    public static let straceExecutable = "/usr/bin/strace"

    private let process = Process()
    private let log: URL
    private let output: URL
    private let errors: URL
    private let path: String

    /// Starts `executable ARGS` in `directory`, its first `syscall` on `path` delayed by `delay` seconds.
    /// strace's log and the process's output go to files under `scratch`.
    public init(_ executable: String, _ arguments: [String], in directory: URL, environment: [String: String],
                pausing syscall: String, on path: String, for delay: Int, scratch: URL) throws {
        self.path = path
        log = scratch.appendingPathComponent("strace.log")
        output = scratch.appendingPathComponent("stdout")
        errors = scratch.appendingPathComponent("stderr")
        for file in [log, output, errors] {
            _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        }
        process.executableURL = URL(fileURLWithPath: Self.straceExecutable)
        process.arguments = ["-f", "-o", log.path, "-P", path, "-e", "trace=\(syscall)",
                             "-e", "inject=\(syscall):delay_enter=\(delay)s:when=1", "--", executable] + arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
    }

    public var isRunning: Bool { process.isRunning }

    /// Returns once the process has entered the held call (strace has logged it); throws when it
    /// exits first or `timeout` seconds pass, with what strace and the process said.
    public func waitUntilPaused(timeout: TimeInterval = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let logged = try? String(contentsOf: log, encoding: .utf8), logged.contains(path) { return }
            guard process.isRunning else { break }
            usleep(10_000)
        }
        throw CommandFailed(command: "strace … (waiting for the held call on \(path))", result: finished())
    }

    /// Waits for the process to exit and returns its status and output.
    public func finished() -> ProcessResult {
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }
}
