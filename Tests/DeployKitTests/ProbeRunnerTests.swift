import Foundation
import Glibc
import Testing
import TestSupport
@testable import DeployKit

@Suite("verification probes with Kubernetes probe semantics", .tags(.process))
struct ProbeRunnerTests {
    let runner = ProbeRunner(workingDirectory: "/")

    func probe(_ name: String, _ check: ProbeSettings.Check, timeout: Double = 1, period: Double = 0.05,
               failureThreshold: Int = 1, successThreshold: Int = 1, layer: ProbeSettings.Layer = .application) -> ProbeSettings {
        ProbeSettings(name: name, layer: layer, check: check, timeout: timeout, period: period,
                      failureThreshold: failureThreshold, successThreshold: successThreshold, origin: "test")
    }

    @Test("http: the expected status and body pass; headers are sent")
    func httpSuccess() throws {
        let server = try TestHTTPServer { _ in .init(status: 200, body: "status: ok") }
        let report = runner.runOne(probe("health", .http(url: server.url + "/healthz?full=1", status: 200, bodyContains: "ok",
                                                         headers: ["X-Probe": "git-deploy"])))
        #expect(report.result == .passed)
        #expect(report.attempts == 1)
        let request = try #require(server.receivedRequests.first)
        #expect(request.hasPrefix("GET /healthz?full=1 HTTP/1.1\r\n"))
        #expect(request.contains("Host: 127.0.0.1:\(server.port)\r\n"))
        #expect(request.contains("X-Probe: git-deploy\r\n"))
    }

    @Test("http: a chunked body is decoded before matching")
    func chunked() throws {
        let server = try TestHTTPServer { _ in .init(status: 200, body: "all systems nominal", chunked: true) }
        let report = runner.runOne(probe("chunked", .http(url: server.url, status: 200, bodyContains: "systems nominal", headers: [:])))
        #expect(report.result == .passed)
    }

    @Test("http: a wrong status fails with both numbers")
    func wrongStatus() throws {
        let server = try TestHTTPServer { _ in .init(status: 503, body: "down") }
        let report = runner.runOne(probe("health", .http(url: server.url, status: 200, bodyContains: nil, headers: [:])))
        #expect(report.result == .failed)
        #expect(report.lastError == "expected status 200, got 503")
    }

    @Test("http: a body without the expected text fails")
    func bodyMismatch() throws {
        let server = try TestHTTPServer { _ in .init(status: 200, body: "degraded") }
        let report = runner.runOne(probe("health", .http(url: server.url, status: 200, bodyContains: "healthy", headers: [:])))
        #expect(report.result == .failed)
        #expect(report.lastError?.contains("does not contain 'healthy'") == true)
    }

    @Test("http: a server that never answers times out within the probe's timeout")
    func timeout() throws {
        let server = try TestHTTPServer { _ in nil }
        let report = runner.runOne(probe("hang", .http(url: server.url, status: 200, bodyContains: nil, headers: [:]), timeout: 0.3))
        #expect(report.result == .failed)
        #expect(report.lastError?.contains("timed out") == true)
        #expect(report.duration < 2)
    }

    @Test("thresholds: two failures then success passes with failure-threshold 3")
    func thresholds() throws {
        let server = try TestHTTPServer { index in index < 2 ? .init(status: 500, body: "") : .init(status: 200, body: "ok") }
        let report = runner.runOne(probe("flaky", .http(url: server.url, status: 200, bodyContains: nil, headers: [:]),
                                         failureThreshold: 3, successThreshold: 1))
        #expect(report.result == .passed)
        #expect(report.attempts == 3)
        #expect(report.lastError == "expected status 200, got 500")
    }

    @Test("thresholds: failure-threshold 2 fails on the second consecutive failure")
    func failureThreshold() throws {
        let server = try TestHTTPServer { index in index < 2 ? .init(status: 500, body: "") : .init(status: 200, body: "ok") }
        let report = runner.runOne(probe("flaky", .http(url: server.url, status: 200, bodyContains: nil, headers: [:]), failureThreshold: 2))
        #expect(report.result == .failed)
        #expect(report.attempts == 2)
    }

    @Test("thresholds: success-threshold counts consecutive successes, reset by a failure")
    func successThreshold() throws {
        // ok, fail, ok, ok → passes on the 4th attempt with success-threshold 2.
        let server = try TestHTTPServer { index in index == 1 ? .init(status: 500, body: "") : .init(status: 200, body: "") }
        let report = runner.runOne(probe("steady", .http(url: server.url, status: 200, bodyContains: nil, headers: [:]),
                                         failureThreshold: 3, successThreshold: 2))
        #expect(report.result == .passed)
        #expect(report.attempts == 4)
    }

    @Test("https reports clearly that it is not available")
    func https() {
        let report = runner.runOne(probe("tls", .http(url: "https://127.0.0.1:1/", status: 200, bodyContains: nil, headers: [:])))
        #expect(report.result == .failed)
        #expect(report.lastError?.contains("https probes need FoundationNetworking") == true)
    }

    @Test("tcp: an open port passes, a closed one fails")
    func tcp() throws {
        let server = try TestHTTPServer { _ in .init(status: 200, body: "") }
        #expect(runner.runOne(probe("open", .tcp(host: "127.0.0.1", port: server.port))).result == .passed)
        // Bind a port, close it, and reuse its number: nothing listens there now.
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let closedPort = TestHTTPServer.localPort(of: descriptor)
        close(descriptor)
        let report = runner.runOne(probe("closed", .tcp(host: "127.0.0.1", port: closedPort)))
        #expect(report.result == .failed)
        #expect(report.lastError?.contains("refused") == true)
    }

    @Test("command: exit 0 passes, anything else fails with the status")
    func command() throws {
        #expect(runner.runOne(probe("true", .command(["/bin/sh", "-c", "exit 0"]))).result == .passed)
        let failed = runner.runOne(probe("false", .command(["/bin/sh", "-c", "echo broken; exit 2"])))
        #expect(failed.result == .failed)
        #expect(failed.lastError?.contains("exited with status 2") == true)
        #expect(failed.lastError?.contains("broken") == true)
        let slow = runner.runOne(probe("slow", .command(["sleep", "5"]), timeout: 0.3))
        #expect(slow.result == .failed)
        #expect(slow.lastError?.contains("timed out") == true)
    }

    @Test("probes run concurrently and the report keeps their order")
    func concurrent() throws {
        let server = try TestHTTPServer { _ in nil }
        let probes = [
            probe("slow-a", .http(url: server.url, status: 200, bodyContains: nil, headers: [:]), timeout: 0.5, layer: .business),
            probe("slow-b", .http(url: server.url, status: 200, bodyContains: nil, headers: [:]), timeout: 0.5, layer: .integration),
            probe("fast", .command(["/bin/sh", "-c", "exit 0"]), layer: .infrastructure),
        ]
        let report = runner.run(probes)
        #expect(report.probes.map(\.name) == ["slow-a", "slow-b", "fast"])
        #expect(report.duration < 1.2)
        #expect(!report.passed)
        #expect(report.error?.exitCode == 5)
        let json = report.json.serialized()
        #expect(json.hasPrefix(#"{"passed":false,"#))
        #expect(json.contains(#""name":"fast","layer":"infrastructure","result":"passed","attempts":1,"last_error":null"#))
        let table = report.table.split(separator: "\n")
        #expect(table.first?.hasPrefix("PROBE") == true)
        #expect(table.dropFirst().first?.hasPrefix("fast") == true)   // infrastructure first
    }

    @Test("a probe that keeps flapping ends at the attempt limit")
    func flapping() throws {
        let server = try TestHTTPServer { index in index % 2 == 0 ? .init(status: 200, body: "") : .init(status: 500, body: "") }
        let settings = probe("flap", .http(url: server.url, status: 200, bodyContains: nil, headers: [:]), period: 0.01,
                             failureThreshold: 2, successThreshold: 2)
        let report = runner.runOne(settings)
        #expect(report.result == .failed)
        #expect(report.attempts == ProbeRunner.attemptLimit(for: settings))
    }
}
