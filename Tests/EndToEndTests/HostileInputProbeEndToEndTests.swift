import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import TestSupport

/// A server on 127.0.0.1 that answers every request with fixed bytes, then (if `endless`) repeats
/// `endless` until the client hangs up: the hostile side of an HTTP probe.
final class HostileHTTPServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32

    init(reply: [UInt8], endless: [UInt8]? = nil) throws {
        let (descriptor, port) = try LoopbackListener.open()
        listener = descriptor
        self.port = port
        Thread { HostileHTTPServer.serve(descriptor, reply: reply, endless: endless) }.start()
    }

    deinit {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    var url: String { "http://127.0.0.1:\(port)/healthz" }

    private static func serve(_ listener: Int32, reply: [UInt8], endless: [UInt8]?) {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            Thread {
                defer { close(connection) }
                var buffer = [UInt8](repeating: 0, count: 4096), request: [UInt8] = []
                while request.firstRange(of: Array("\r\n\r\n".utf8)) == nil {
                    let count = recv(connection, &buffer, buffer.count, 0)
                    guard count > 0 else { return }
                    request += buffer[..<count]
                }
                guard sendAll(connection, reply), let endless else { return }
                while sendAll(connection, endless) {}
            }.start()
        }
    }

    private static func sendAll(_ connection: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
            let sent = bytes.withUnsafeBytes { send(connection, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            #else
            let sent = bytes.withUnsafeBytes { send(connection, $0.baseAddress! + offset, $0.count - offset, 0) }
            #endif
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }
}

/// HTTP probes against a server that answers with hostile framing (README "Limits and trust"):
/// the probe fails (exit 5) and the deployment, which the handler already carried out, is
/// recorded as failed. Never a crash after the handler ran.
@Suite("hostile input: HTTP probe replies", .tags(.endToEnd))
struct HostileInputProbeEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    /// Deploys staging with a handler and one HTTP probe of `server`; returns the run and the
    /// status history recorded for it.
    func deploy(probing server: HostileHTTPServer, bodyContains: String? = nil) throws -> (ProcessResult, String?) {
        let check = bodyContains.map { "{url: \"\(server.url)\", body-contains: \($0)}" } ?? "\"\(server.url)\""
        try repo.commit("chore: config", files: [".deploy.yml": """
            targets:
              direct-deployment:
                run: [sh, -c, "echo deployed"]
            verify:
              staging:
                probes:
                  - {name: health, http: \(check), timeout: 5, period: 0.1, failure-threshold: 1}
            """])
        let result = try GitDeployBinary.run(["staging", "--yes"], in: repo.directory)
        let history = try GitDeployBinary.run(["history", "staging", "--format", "json"], in: repo.directory)
        #expect(history.status == 0, "\(history.stderr)")
        let entries = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]] ?? []
        return (result, entries.first?["status"] as? String)
    }

    static let hostileReplies: [(String, String, String)] = [
        ("chunk size 7fffffffffffffff",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7fffffffffffffff\r\nhello",
         "the response ended inside its chunked body"),
        ("chunk size past 64 bits",
         "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1ffffffffffffffff\r\nhello",
         "invalid chunk size '1ffffffffffffffff'"),
        ("negative Content-Length",
         "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok",
         "invalid Content-Length '-1'"),
        ("Content-Length of 20 digits, then 2 bytes",
         "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nok",
         "the response ended after 2 of its 99999999999999999999 body bytes"),
    ]

    @Test("a reply with hostile framing fails the probe with exit 5; the deployment is recorded as failed",
          arguments: hostileReplies)
    func hostileFraming(label: String, reply: String, reason: String) throws {
        let server = try HostileHTTPServer(reply: Array(reply.utf8))
        let (result, status) = try deploy(probing: server)
        #expect(result.status == 5, "\(label): \(result.status) \(result.output)")
        #expect(result.stdout.contains("deployed"), "\(label): the handler ran first")
        #expect(result.stderr.contains(reason), "\(label): \(result.stderr)")
        #expect(status == "failed", "\(label)")
    }

    @Test("endless headers: the probe fails at the 64 KiB header cap, exit 5, recorded as failed")
    func endlessHeaders() throws {
        let server = try HostileHTTPServer(reply: Array("HTTP/1.1 200 OK\r\nX-Padding: ".utf8),
                                           endless: Array(repeating: UInt8(ascii: "a"), count: 4096))
        let (result, status) = try deploy(probing: server)
        #expect(result.status == 5, "\(result.output)")
        #expect(result.stderr.contains("the response headers are longer than 65536 bytes"), "\(result.stderr)")
        #expect(status == "failed")
    }

    @Test("an endless body is read to 1 MiB and decided on that: body-contains not found, exit 5")
    func endlessBody() throws {
        let server = try HostileHTTPServer(reply: Array("HTTP/1.1 200 OK\r\n\r\n".utf8),
                                           endless: Array(repeating: UInt8(ascii: "x"), count: 4096))
        let (result, status) = try deploy(probing: server, bodyContains: "healthy")
        #expect(result.status == 5, "\(result.output)")
        #expect(result.stderr.contains("the body does not contain 'healthy'"), "\(result.stderr)")
        #expect(status == "failed")
    }
}
