#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A TCP connection over POSIX sockets where every step respects one deadline. Probes use this
/// rather than URLSession: FoundationNetworking does not link into the static binary.
struct SocketConnection: ~Copyable {
    struct Failure: Error, Equatable { let reason: String }

    let descriptor: Int32
    let deadline: Double

    /// Resolves `host` and connects to the first address that answers before `deadline`.
    init(host: String, port: Int, deadline: Double) throws(Failure) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw Failure(reason: "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address for \(host)"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let socketDescriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard socketDescriptor >= 0 else { lastError = String(cString: strerror(errno)); continue }
            _ = fcntl(socketDescriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(socketDescriptor, F_SETFL, fcntl(socketDescriptor, F_GETFL, 0) | O_NONBLOCK)
            if connect(socketDescriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0
                || (errno == EINPROGRESS && SocketConnection.awaitConnect(socketDescriptor, deadline: deadline, error: &lastError)) {
                descriptor = socketDescriptor
                self.deadline = deadline
                return
            }
            if errno != EINPROGRESS { lastError = String(cString: strerror(errno)) }
            close(socketDescriptor)
        }
        throw Failure(reason: "cannot connect to \(host):\(port): \(lastError.lowercased())")
    }

    deinit { close(descriptor) }

    private static func awaitConnect(_ descriptor: Int32, deadline: Double, error: inout String) -> Bool {
        guard wait(descriptor, events: POLLOUT, deadline: deadline) else {
            error = "no connection within the timeout"
            return false
        }
        var code: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &code, &length)
        if code != 0 { error = String(cString: strerror(code)) }
        return code == 0
    }

    /// poll until ready or the deadline; false on timeout.
    static func wait(_ descriptor: Int32, events: Int32, deadline: Double) -> Bool {
        while true {
            let remaining = deadline - HandlerRunner.now()
            guard remaining > 0 else { return false }
            var entry = pollfd(fd: descriptor, events: Int16(events), revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining * 1000 + 1, 60_000)))
            if ready > 0 { return true }
            if ready < 0 && errno != EINTR { return false }
        }
    }

    func send(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            guard SocketConnection.wait(descriptor, events: POLLOUT, deadline: deadline) else { throw Failure(reason: "timed out sending the request") }
            let sent = bytes.withUnsafeBytes { systemSend(descriptor, $0.baseAddress.map { $0 + offset }, bytes.count - offset) }
            if sent < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw Failure(reason: "cannot send the request: \(String(cString: strerror(errno)))")
            }
            offset += sent
        }
    }

    /// The next bytes, or [] at end of stream; throws on timeout.
    func receive(max: Int = 65_536) throws(Failure) -> [UInt8] {
        while true {
            guard SocketConnection.wait(descriptor, events: POLLIN, deadline: deadline) else { throw Failure(reason: "timed out waiting for the response") }
            var buffer = [UInt8](repeating: 0, count: max)
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw Failure(reason: "cannot read the response: \(String(cString: strerror(errno)))")
            }
            return Array(buffer[..<count])
        }
    }
}

/// send(2) without SIGPIPE (a server that hung up must fail the probe, not kill us); reachable by
/// name inside SocketConnection, whose own `send` shadows it.
private func systemSend(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return send(descriptor, buffer, count, Int32(MSG_NOSIGNAL))
    #else
    return send(descriptor, buffer, count, 0)
    #endif
}
