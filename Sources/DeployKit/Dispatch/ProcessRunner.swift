#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The short processes git-deploy waits for — the user's own `git` (remotes, signing) and a
/// chained hook — started by `ProcessSpawner`, as handlers are, rather than by Foundation's
/// Process: default signal dispositions, no inherited descriptors, one code path.
enum ProcessRunner {
    struct Captured {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `argv` with /dev/null as input and returns its status and both outputs, read together
    /// so that neither pipe can fill up and stall the child.
    static func capture(_ argv: [String], in directory: String,
                        environment: [String: String] = ProcessInfo.processInfo.environment) throws(ProcessSpawner.Failure) -> Captured {
        let process = try ProcessSpawner.spawn(argv: argv, workingDirectory: directory, environment: environment)
        var outputs: [Int32: [UInt8]] = [process.stdout: [], process.stderr: []]
        var open = [process.stdout, process.stderr]
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while !open.isEmpty {
            var descriptors = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&descriptors, nfds_t(descriptors.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            for entry in descriptors where entry.revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    outputs[entry.fd, default: []] += buffer[..<count]
                } else if count == 0 || errno != EINTR {
                    close(entry.fd)
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        for descriptor in open { close(descriptor) }
        return Captured(status: wait(process.pid),
                        stdout: String(decoding: outputs[process.stdout] ?? [], as: UTF8.self),
                        stderr: String(decoding: outputs[process.stderr] ?? [], as: UTF8.self))
    }

    /// Runs `argv` in our process group with our standard output and error, feeds it `input`, and
    /// returns its status.
    static func run(_ argv: [String], in directory: String, input: Data,
                    environment: [String: String] = ProcessInfo.processInfo.environment) throws(ProcessSpawner.Failure) -> Int32 {
        let wiring = ProcessSpawner.Wiring(pipeInput: true, inheritOutput: true, newProcessGroup: false)
        let process = try ProcessSpawner.spawn(argv: argv, workingDirectory: directory, environment: environment, wiring: wiring)
        // A child that exits without reading its input must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        input.withUnsafeBytes { bytes in
            var written = 0
            while written < bytes.count, let base = bytes.baseAddress {
                let count = write(process.stdin, base + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    return
                }
                written += count
            }
        }
        close(process.stdin)
        return wait(process.pid)
    }

    /// The exit status; a child killed by a signal reports 128 + the signal, as a shell does.
    private static func wait(_ pid: pid_t) -> Int32 {
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = raw & 0x7f
        return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    }
}
