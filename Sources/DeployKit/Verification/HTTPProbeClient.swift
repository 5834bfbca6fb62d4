import Foundation

/// The smallest HTTP/1.1 client a health check needs: one GET over a fresh connection, status
/// line, headers, and a body of at most `bodyLimit` bytes (chunked or not), all within a deadline.
enum HTTPProbeClient {
    struct Response: Equatable {
        let status: Int
        let body: [UInt8]
    }

    static let httpsUnsupported = "https probes need FoundationNetworking, which the static git-deploy binary does not include"
    static let bodyLimit = InputLimits.probeBodyBytes
    static let headerLimit = InputLimits.probeHeaderBytes
    /// A chunk size line is a hex number and perhaps an extension: a few dozen bytes.
    static let chunkLineLimit = 1024
    /// What is read off the connection at most: headers, the body, and chunk framing for it.
    static let rawLimit = InputLimits.probeHeaderBytes + 2 * InputLimits.probeBodyBytes

    static func get(_ text: String, headers: [String: String], timeout: Double) throws(SocketConnection.Failure) -> Response {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw SocketConnection.Failure(reason: "'\(text)' is not an http URL")
        }
        if scheme == "https" {
            throw SocketConnection.Failure(reason: "\(httpsUnsupported); probe over http:// or use a command probe such as [curl, -fsS, \(text)]")
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
        var closed = false
        while true {
            if let response = try parse(received, complete: closed) { return response }
            // parse decides every reply once the connection has closed; this is for the compiler.
            guard !closed else { throw Failure(reason: "the response ended early") }
            guard received.count <= rawLimit else {
                throw Failure(reason: "the reply's chunk framing takes more than \(rawLimit) bytes for a body of at most \(bodyLimit) bytes")
            }
            let chunk = try connection.receive()
            if chunk.isEmpty { closed = true } else { received += chunk }
        }
    }

    typealias Failure = SocketConnection.Failure

    /// The response once `bytes` hold all of it (or, with `complete`, the connection has closed
    /// after `bytes`); nil while more is needed. A reply that breaks HTTP's framing, or whose
    /// headers exceed their cap, fails the check: a server answering like that is not healthy.
    /// A body beyond `bodyLimit` is cut there: the check decides on its first `bodyLimit` bytes.
    static func parse(_ bytes: [UInt8], complete: Bool) throws(Failure) -> Response? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headerEnd = bytes.prefix(headerLimit + separator.count).firstRange(of: separator) else {
            if bytes.count > headerLimit { throw Failure(reason: "the response headers are longer than \(headerLimit) bytes") }
            guard complete else { return nil }
            throw Failure(reason: bytes.isEmpty ? "the server closed the connection without answering" : "the response ended before its headers did")
        }
        let head = String(decoding: bytes[..<headerEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusFields = head[0].split(separator: " ", maxSplits: 2)
        guard statusFields.count >= 2, statusFields[0].hasPrefix("HTTP/"), statusFields[1].count == 3,
              statusFields[1].allSatisfy(isDecimalDigit), let status = Int(statusFields[1]) else {
            throw Failure(reason: "not an HTTP response: '\(Excerpt.quote(head[0]))'")
        }
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = bytes[headerEnd.upperBound...]
        if fields["transfer-encoding"]?.lowercased().contains("chunked") == true {
            switch try dechunk(body, limit: bodyLimit) {
            case .complete(let data), .limitReached(let data): return Response(status: status, body: data)
            case .needMore:
                guard complete else { return nil }
                throw Failure(reason: "the response ended inside its chunked body")
            }
        }
        if let text = fields["content-length"] {
            guard !text.isEmpty, text.allSatisfy(isDecimalDigit) else {
                throw Failure(reason: "invalid Content-Length '\(Excerpt.quote(text))'")
            }
            // More digits than an Int holds is simply more than we read.
            let length = Int(text) ?? Int.max
            let wanted = min(length, bodyLimit)
            if body.count >= wanted { return Response(status: status, body: Array(body.prefix(wanted))) }
            guard complete else { return nil }
            throw Failure(reason: "the response ended after \(body.count) of its \(text) body bytes")
        }
        // No length: the body runs to the end of the connection (we asked for Connection: close).
        return complete || body.count >= bodyLimit ? Response(status: status, body: Array(body.prefix(bodyLimit))) : nil
    }

    private static func isDecimalDigit(_ character: Character) -> Bool { character.isASCII && character.isNumber }

    enum Dechunked: Equatable {
        /// The terminating zero-size chunk has arrived.
        case complete([UInt8])
        /// `limit` bytes of data have arrived; the rest is not read.
        case limitReached([UInt8])
        case needMore
    }

    /// A chunked body's data, as far as `body` holds it. Sizes are checked against what is left
    /// of `limit` before any arithmetic, so no size a server sends can overflow or trap.
    static func dechunk(_ body: ArraySlice<UInt8>, limit: Int) throws(Failure) -> Dechunked {
        var data: [UInt8] = []
        var index = body.startIndex
        while true {
            guard let lineEnd = body[index...].firstRange(of: [13, 10]) else {
                if body.endIndex - index > chunkLineLimit { throw Failure(reason: "a chunk size line is longer than \(chunkLineLimit) bytes") }
                return .needMore
            }
            let line = String(decoding: body[index..<lineEnd.lowerBound], as: UTF8.self)
            // Chunk extensions (";name=value") carry nothing a health check needs.
            let sizeText = (line.split(separator: ";", omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: .whitespaces)
            guard (1...16).contains(sizeText.count), sizeText.allSatisfy({ $0.isASCII && $0.isHexDigit }), let size = UInt64(sizeText, radix: 16) else {
                throw Failure(reason: "invalid chunk size '\(Excerpt.quote(line))'")
            }
            if size == 0 { return .complete(data) }
            let start = lineEnd.upperBound
            let available = body.endIndex - start
            let room = limit - data.count
            if size > UInt64(room) {
                // This chunk runs past the body limit: take what fits, then decide on it.
                data += body[start..<(start + min(room, available))]
                return data.count >= limit ? .limitReached(data) : .needMore
            }
            let length = Int(size)  // at most `room`, so start + length + 2 cannot overflow
            guard available >= length + 2 else { return .needMore }
            guard body[start + length] == 13, body[start + length + 1] == 10 else {
                throw Failure(reason: "a chunk of \(length) bytes is not followed by a line break")
            }
            data += body[start..<(start + length)]
            index = start + length + 2
        }
    }
}
