import Foundation
import Glibc

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
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else {
            close(descriptor)
            throw POSIXError(.EADDRINUSE)
        }
        listener = descriptor
        port = TestHTTPServer.localPort(of: descriptor)
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
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
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
