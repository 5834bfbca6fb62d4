import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TestSupport

/// A health endpoint on 127.0.0.1 for monitoring-window tests: answers 200 until it has answered
/// `healthyRequests` requests, then 500, until the file `recoveredMarker` exists (a rollback
/// handler creates it), then 200 again. Counting requests rather than time keeps the tests
/// independent of how fast the machine is.
final class FlippingHealthServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let healthyRequests: Int
    private let recoveredMarker: String?
    private let lock = NSLock()
    private var served = 0

    init(healthyRequests: Int = .max, recoveredMarker: String? = nil) throws {
        self.healthyRequests = healthyRequests
        self.recoveredMarker = recoveredMarker
        (listener, port) = try LoopbackListener.open()
        let descriptor = listener
        Thread { [self] in serve(descriptor) }.start()
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    var url: String { "http://127.0.0.1:\(port)/healthz" }

    var requests: Int {
        lock.lock()
        defer { lock.unlock() }
        return served
    }

    private func healthy() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        served += 1
        if served <= healthyRequests { return true }
        return recoveredMarker.map { FileManager.default.fileExists(atPath: $0) } ?? false
    }

    private func serve(_ listener: Int32) {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096), request: [UInt8] = []
            while request.firstRange(of: Array("\r\n\r\n".utf8)) == nil {
                let count = recv(connection, &buffer, buffer.count, 0)
                guard count > 0 else { break }
                request += buffer[..<count]
            }
            let reply = healthy() ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                : "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\nsick"
            _ = Array(reply.utf8).withUnsafeBytes { send(connection, $0.baseAddress, $0.count, 0) }
            close(connection)
        }
    }
}

/// The `.deploy.yml` of the monitoring tests: a handler that succeeds, a rollback handler that
/// creates `marker` (the server's cue to recover), and a dev environment probing `server` during
/// a window of `duration`.
func monitoredDeployConfig(_ server: FlippingHealthServer, duration: String, interval: String = "300ms", autoRollback: Bool = true,
                           marker: String = "/dev/null") -> String {
    """
    targets:
      direct-deployment:
        run: [sh, -c, "echo deployed"]
      rollback-system:
        run: [sh, -c, "touch \(marker); echo rolled back"]
    verify:
      dev:
        auto-rollback: \(autoRollback)
        probes:
          - {name: health, http: "\(server.url)", period: 0.1, failure-threshold: 1}
        monitor: {duration: \(duration), interval: \(interval)}
    """
}

/// Reading a deployment's history entry from the built binary, as a user would.
enum MonitorHistory {
    /// The entries of `environment`, newest first, as `history --format json` prints them.
    static func entries(_ environment: String, in repo: TestRepository) throws -> [[String: Any]] {
        let result = try GitDeployBinary.run(["history", environment, "--format", "json"], in: repo.directory)
        guard result.status == 0 else { throw CommandFailed(command: "history", result: result) }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]] ?? []
    }

    static func entry(_ id: String, _ environment: String, in repo: TestRepository) throws -> [String: Any]? {
        try entries(environment, in: repo).first { $0["id"] as? String == id }
    }

    static func monitorOutcome(_ entry: [String: Any]?) -> String? {
        (entry?["monitor"] as? [String: Any])?["outcome"] as? String
    }

    /// The id `git deploy` printed in its headline (`deploy-…: env via target — status`).
    static func deploymentID(in output: String) -> String? {
        output.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("deploy-"), let colon = line.firstIndex(of: ":") else { return nil }
            return String(line[..<colon])
        }.last
    }

    /// Polls until `condition` holds, at most `seconds`; returns whether it did.
    static func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return try condition()
    }
}

enum ShellQuoting {
    /// Words for `script -c`, which hands its command to a shell: each quoted for /bin/sh.
    static func quote(_ words: [String]) -> String {
        words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
    }
}
