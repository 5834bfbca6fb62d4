import Foundation

/// The smallest HTTP/1.1 client a health check needs: one GET over a fresh connection, status
/// line, headers, and a body of at most `bodyLimit` bytes (chunked or not), all within a deadline.
enum HTTPProbeClient {
    struct Response: Equatable {
        let status: Int
        let body: [UInt8]
    }

    static let bodyLimit = 1 << 20

    static func get(_ text: String, headers: [String: String], timeout: Double) throws(SocketConnection.Failure) -> Response {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw SocketConnection.Failure(reason: "'\(text)' is not an http URL")
        }
        if scheme == "https" {
            throw SocketConnection.Failure(reason: "https probes need FoundationNetworking, which the static git-deploy binary does not include; probe over http:// or use a command probe such as [curl, -fsS, \(text)]")
        }
        guard scheme == "http" else { throw SocketConnection.Failure(reason: "'\(text)' is not an http URL") }
        for (name, value) in headers where (name + value).contains(where: { $0 == "\r" || $0 == "\n" }) || name.contains(":") || name.isEmpty {
            throw SocketConnection.Failure(reason: "header '\(name)' has a line break or colon where HTTP allows none")
        }
        let port = components.port ?? 80
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        let hostHeader = (host.contains(":") ? "[\(host)]" : host) + (components.port.map { ":\($0)" } ?? "")
        let connectHost = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host

        var request = "GET \(target) HTTP/1.1\r\nHost: \(hostHeader)\r\nUser-Agent: git-deploy-probe\r\nAccept: */*\r\nConnection: close\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request += "\(name): \(value)\r\n" }
        request += "\r\n"

        let connection = try SocketConnection(host: connectHost, port: port, deadline: HandlerRunner.now() + timeout)
        try connection.send(Array(request.utf8))
        var received: [UInt8] = []
        while true {
            if let response = try parse(received, complete: false) { return response }
            let chunk = try connection.receive()
            if chunk.isEmpty { break }
            received += chunk
            if received.count > bodyLimit + 65_536 { break }
        }
        guard let response = try parse(received, complete: true) else {
            throw SocketConnection.Failure(reason: received.isEmpty ? "the server closed the connection without answering" : "the response ended before its headers did")
        }
        return response
    }

    /// The response once `bytes` hold all of it (or, with `complete`, whatever arrived before the
    /// connection closed); nil while more is needed.
    static func parse(_ bytes: [UInt8], complete: Bool) throws(SocketConnection.Failure) -> Response? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headerEnd = bytes.firstRange(of: separator) else { return nil }
        let head = String(decoding: bytes[..<headerEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusFields = head[0].split(separator: " ", maxSplits: 2)
        guard statusFields.count >= 2, statusFields[0].hasPrefix("HTTP/"), let status = Int(statusFields[1]) else {
            throw SocketConnection.Failure(reason: "not an HTTP response: '\(head[0].prefix(80))'")
        }
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = Array(bytes[headerEnd.upperBound...])
        if fields["transfer-encoding"]?.lowercased().contains("chunked") == true {
            if let decoded = dechunk(body) { return Response(status: status, body: Array(decoded.prefix(bodyLimit))) }
            return complete || body.count > bodyLimit ? Response(status: status, body: Array(body.prefix(bodyLimit))) : nil
        }
        if let length = fields["content-length"].flatMap(Int.init) {
            if body.count >= min(length, bodyLimit) { return Response(status: status, body: Array(body.prefix(min(length, bodyLimit)))) }
            return complete ? Response(status: status, body: body) : nil
        }
        // No length: the body runs to the end of the connection (we asked for Connection: close).
        return complete || body.count >= bodyLimit ? Response(status: status, body: Array(body.prefix(bodyLimit))) : nil
    }

    /// A chunked body's data once the terminating zero-size chunk has arrived; nil before that.
    static func dechunk(_ body: [UInt8]) -> [UInt8]? {
        var data: [UInt8] = [], index = 0
        while true {
            guard let lineEnd = body[index...].firstRange(of: [13, 10]) else { return nil }
            let sizeText = String(decoding: body[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size >= 0 else { return nil }
            if size == 0 { return data }
            let start = lineEnd.upperBound
            guard start + size <= body.count else { return nil }
            data += body[start..<(start + size)]
            index = start + size + 2
            guard index <= body.count else { return nil }
        }
    }
}
