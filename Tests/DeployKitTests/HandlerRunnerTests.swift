import Foundation
import Glibc
import Testing
import TestSupport
@testable import DeployKit

/// Collects a handler's output per stream; the runner calls it from its own thread.
final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [HandlerStream: [UInt8]] = [:]

    var sink: HandlerOutput {
        HandlerOutput { stream, chunk in
            self.lock.lock()
            defer { self.lock.unlock() }
            self.bytes[stream, default: []] += chunk
        }
    }

    func data(_ stream: HandlerStream) -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return bytes[stream] ?? []
    }

    func text(_ stream: HandlerStream) -> String { String(decoding: data(stream), as: UTF8.self) }
}

// Serialized: the interrupt test signals this whole process, which every running handler would see.
@Suite("handlers run without a shell, in their own process group, with a timeout", .serialized, .tags(.process))
struct HandlerRunnerTests {
    func script(_ sandbox: Sandbox, _ name: String, _ body: String) throws -> String {
        let path = sandbox.url(name).path
        try Data(("#!/bin/sh\n" + body).utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }

    /// Alive and not a zombie waiting for a reaper (PID 1 in a container may never reap it).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        return !stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }

    @Test("a handler sees our variables, prefixed output goes to the right stream, in its working directory")
    func environmentAndOutput() throws {
        let sandbox = try Sandbox()
        let handler = try script(sandbox, "deploy.sh", "echo \"env=$DEPLOY_ENVIRONMENT target=$DEPLOY_TARGET\"\npwd\necho oops >&2\n")
        let output = CollectedOutput()
        let command = HandlerCommand(argv: [handler], workingDirectory: sandbox.path,
                                     environment: ["DEPLOY_ENVIRONMENT": "staging", "DEPLOY_TARGET": "direct-deployment"], timeout: 10)
        let result = HandlerRunner(prefix: "[direct-deployment] ", output: output.sink).run(command)
        #expect(result.outcome == .exited(code: 0))
        #expect(output.text(.stdout) == "[direct-deployment] env=staging target=direct-deployment\n[direct-deployment] \(sandbox.path)\n")
        #expect(output.text(.stderr) == "[direct-deployment] oops\n")
        #expect(result.error(handler: "x") == nil)
    }

    @Test("arguments are passed as they are: no shell sees them")
    func noShell() throws {
        let sandbox = try Sandbox()
        let output = CollectedOutput()
        let hostile = "$(touch pwned) `touch pwned2`; touch pwned3"
        let result = HandlerRunner(output: output.sink).run(HandlerCommand(argv: ["printf", "%s", hostile], workingDirectory: sandbox.path, timeout: 10))
        #expect(result.outcome == .exited(code: 0))
        #expect(output.text(.stdout) == hostile)
        #expect(!FileManager.default.fileExists(atPath: sandbox.url("pwned").path))
    }

    @Test("a failing handler reports its exit status and becomes an exit-4 error")
    func failure() throws {
        let sandbox = try Sandbox()
        let handler = try script(sandbox, "fail.sh", "echo about to fail\nexit 3\n")
        let result = HandlerRunner(output: .discard).run(HandlerCommand(argv: [handler], workingDirectory: sandbox.path, timeout: 10))
        #expect(result.outcome == .exited(code: 3))
        let error = try #require(result.error(handler: "release-workflow"))
        #expect(error.exitCode == 4)
        #expect(error.message.contains("exited with status 3"))
        #expect(error.hint?.contains("about to fail") == true)
    }

    @Test("on timeout the whole process group is stopped, children included")
    func timeout() throws {
        let sandbox = try Sandbox()
        let pidFile = sandbox.url("child.pid").path
        // The child ignores nothing, but the handler itself traps TERM to outlive it: SIGKILL must follow.
        let handler = try script(sandbox, "slow.sh", "sleep 100 &\necho $! > '\(pidFile)'\ntrap '' TERM\nwhile :; do sleep 1; done\n")
        let started = Date()
        let result = HandlerRunner(output: .discard).run(HandlerCommand(argv: [handler], workingDirectory: sandbox.path, timeout: 1, killGracePeriod: 1))
        #expect(result.outcome == .timedOut(seconds: 1))
        #expect(Date().timeIntervalSince(started) < 8)
        let childPid = try #require(pid_t(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        let handlerPid = try #require(result.pid)
        // Orphans are reaped by init asynchronously; give it a moment.
        for _ in 0..<50 where Self.isAlive(childPid) || Self.isAlive(handlerPid) { usleep(20_000) }
        #expect(!Self.isAlive(childPid))
        #expect(!Self.isAlive(handlerPid))
        #expect(result.error(handler: "slow")?.message.contains("timed out") == true)
    }

    @Test("SIGINT we receive is passed on to the handler's group and reported as an interruption")
    func interrupt() throws {
        let sandbox = try Sandbox()
        let pidFile = sandbox.url("handler.pid").path
        let handler = try script(sandbox, "wait.sh", "echo $$ > '\(pidFile)'\nexec sleep 100\n")
        DispatchQueue.global().async {
            // The runner installs its handler before spawning, so once the pid file exists it is safe to signal.
            for _ in 0..<500 where !FileManager.default.fileExists(atPath: pidFile) { usleep(10_000) }
            usleep(50_000)
            kill(getpid(), SIGINT)
        }
        let result = HandlerRunner(output: .discard).run(HandlerCommand(argv: [handler], workingDirectory: sandbox.path, timeout: 30))
        #expect(result.outcome == .interrupted(signal: SIGINT))
        #expect(result.duration < 10)
    }

    @Test("a handler that does not exist is named in the error", arguments: ["./missing.sh", "/nonexistent/deploy", "no-such-program-xyz"])
    func missing(program: String) throws {
        let sandbox = try Sandbox()
        let result = HandlerRunner(output: .discard).run(HandlerCommand(argv: [program, "arg"], workingDirectory: sandbox.path, timeout: 10))
        guard case .failedToStart(let reason) = result.outcome else {
            Issue.record("expected failedToStart, got \(result.outcome)")
            return
        }
        #expect(reason.contains(program))
        #expect(result.pid == nil)
    }

    @Test("a file that is not executable says so")
    func notExecutable() throws {
        let sandbox = try Sandbox()
        try Data("echo hi\n".utf8).write(to: sandbox.url("plain.sh"))
        let result = HandlerRunner(output: .discard).run(HandlerCommand(argv: ["./plain.sh"], workingDirectory: sandbox.path, timeout: 10))
        guard case .failedToStart(let reason) = result.outcome else { Issue.record("got \(result.outcome)"); return }
        #expect(reason.contains("chmod +x"))
    }

    @Test("shell: true runs the one string with /bin/sh -c, and only then")
    func shellMode() throws {
        let sandbox = try Sandbox()
        let shell = TargetSettings(run: ["echo $((1 + 2)) | sed s/3/three/"], shell: true, timeout: 10, environment: ["A": "from-env"], origin: "t")
        #expect(HandlerCommand.argv(for: shell) == ["/bin/sh", "-c", "echo $((1 + 2)) | sed s/3/three/"])
        let output = CollectedOutput()
        let result = HandlerRunner(output: output.sink).run(HandlerCommand(target: shell, workingDirectory: sandbox.path, environment: [:]))
        #expect(result.outcome == .exited(code: 0))
        #expect(output.text(.stdout) == "three\n")
        let plain = TargetSettings(run: ["echo", "$((1 + 2))"], origin: "t")
        #expect(HandlerCommand.argv(for: plain) == ["echo", "$((1 + 2))"])
    }

    @Test("target env: is set, and DEPLOY_* values win over it")
    func targetEnvironment() throws {
        let target = TargetSettings(run: ["/bin/sh", "-c", "echo $A $DEPLOY_ID"], environment: ["A": "a", "DEPLOY_ID": "config"], origin: "t")
        let command = HandlerCommand(target: target, workingDirectory: "/", environment: ["DEPLOY_ID": "deploy-1"])
        #expect(command.environment == ["A": "a", "DEPLOY_ID": "deploy-1"])
        #expect(command.timeout == TargetSettings.defaultTimeout)
    }

    @Test("non-UTF-8 output passes through byte for byte, prefixed per line")
    func binaryOutput() throws {
        let sandbox = try Sandbox()
        let output = CollectedOutput()
        let result = HandlerRunner(prefix: "> ", output: output.sink)
            .run(HandlerCommand(argv: ["printf", "\\377\\376a\\nb\\300\\n"], workingDirectory: sandbox.path, timeout: 10))
        #expect(result.outcome == .exited(code: 0))
        #expect(output.data(.stdout) == Array("> ".utf8) + [0xFF, 0xFE, 0x61, 0x0A] + Array("> ".utf8) + [0x62, 0xC0, 0x0A])
    }

    @Test("a handler killed by a signal reports it")
    func signaled() throws {
        let sandbox = try Sandbox()
        let result = HandlerRunner(output: .discard).run(HandlerCommand(argv: ["/bin/sh", "-c", "kill -KILL $$"], workingDirectory: sandbox.path, timeout: 10))
        #expect(result.outcome == .signaled(signal: SIGKILL))
    }

    @Test("large output does not dead-lock the pipe")
    func largeOutput() throws {
        let sandbox = try Sandbox()
        let output = CollectedOutput()
        let result = HandlerRunner(output: output.sink)
            .run(HandlerCommand(argv: ["/bin/sh", "-c", "head -c 1000000 /dev/zero; head -c 300000 /dev/zero >&2"], workingDirectory: sandbox.path, timeout: 20))
        #expect(result.outcome == .exited(code: 0))
        #expect(output.data(.stdout).count == 1_000_000)
        #expect(output.data(.stderr).count == 300_000)
    }

    @Test("the line prefixer remembers line starts across chunks")
    func prefixer() {
        var prefixer = LinePrefixer(prefix: "[t] ")
        let first = prefixer.apply(Array("ab".utf8)[...])
        let second = prefixer.apply(Array("c\nd\n".utf8)[...])
        #expect(String(decoding: first + second, as: UTF8.self) == "[t] abc\n[t] d\n")
    }
}
