import Foundation
import Glibc
import TestSupport

/// A tiny HTTP/1.1 server on 127.0.0.1 with an ephemeral port, answering each request with
/// whatever `respond` returns for its index (nil: read the request and never answer).
final class TestHTTPServer: @unchecked Sendable {
    struct Reply: Sendable {
        var status: Int
        var body: String
        var chunked = false
    }

    let port: Int
    private let listener: Int32
    private let respond: @Sendable (Int) -> Reply?
    // Guarded by `lock`: written by the accept thread, read by the test.
    private let lock = NSLock()
    private var requests: [String] = []
    private var held: [Int32] = []
    private var stopped = false

    init(respond: @escaping @Sendable (Int) -> Reply?) throws {
        self.respond = respond
        (listener, port) = try LoopbackListener.open()
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    var url: String { "http://127.0.0.1:\(port)" }

    var receivedRequests: [String] {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard !stopped else { return }
        stopped = true
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for descriptor in held { close(descriptor) }
        held = []
    }

    static func localPort(of descriptor: Int32) -> Int {
        LoopbackListener.port(of: descriptor)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 65_536)
            var request: [UInt8] = []
            while request.firstRange(of: Array("\r\n\r\n".utf8)) == nil {
                let count = recv(connection, &buffer, buffer.count, 0)
                guard count > 0 else { break }
                request += buffer[..<count]
            }
            lock.lock()
            let index = requests.count
            requests.append(String(decoding: request, as: UTF8.self))
            lock.unlock()
            guard let reply = respond(index) else {
                lock.lock()
                held.append(connection)
                lock.unlock()
                continue
            }
            var text = "HTTP/1.1 \(reply.status) Status\r\nConnection: close\r\n"
            if reply.chunked {
                let body = Array(reply.body.utf8)
                let half = body.count / 2
                text += "Transfer-Encoding: chunked\r\n\r\n"
                text += String(half, radix: 16) + "\r\n" + String(decoding: body[..<half], as: UTF8.self) + "\r\n"
                text += String(body.count - half, radix: 16) + "\r\n" + String(decoding: body[half...], as: UTF8.self) + "\r\n0\r\n\r\n"
            } else {
                text += "Content-Length: \(reply.body.utf8.count)\r\n\r\n" + reply.body
            }
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            close(connection)
        }
    }
}
