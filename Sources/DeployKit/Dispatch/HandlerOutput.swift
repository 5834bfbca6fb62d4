#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which of a handler's streams a chunk came from.
public enum HandlerStream: Sendable, Equatable { case stdout, stderr }

/// Where a handler's output goes, chunk by chunk as it arrives, already prefixed; bytes are passed
/// through untouched (a handler may print any encoding).
public struct HandlerOutput: Sendable {
    public let deliver: @Sendable (HandlerStream, [UInt8]) -> Void

    public init(_ deliver: @escaping @Sendable (HandlerStream, [UInt8]) -> Void) {
        self.deliver = deliver
    }

    /// The handler's stdout to ours, its stderr to ours.
    public static let standardStreams = HandlerOutput { stream, bytes in
        writeAll(stream == .stdout ? STDOUT_FILENO : STDERR_FILENO, bytes)
    }

    /// Both streams to our stderr: for `--format json`, where stdout carries one JSON object only.
    public static let standardError = HandlerOutput { _, bytes in writeAll(STDERR_FILENO, bytes) }

    public static let discard = HandlerOutput { _, _ in }

    /// write(2) until done; a closed or broken descriptor drops the rest rather than failing the
    /// deployment that is producing it.
    static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}

/// Puts `prefix` in front of every line of one stream, remembering across chunks whether the
/// next byte starts a line. Works on bytes so that non-UTF-8 output survives byte for byte.
struct LinePrefixer {
    let prefix: [UInt8]
    private var atLineStart = true

    init(prefix: String) {
        self.prefix = Array(prefix.utf8)
    }

    mutating func apply(_ chunk: ArraySlice<UInt8>) -> [UInt8] {
        guard !prefix.isEmpty else { return Array(chunk) }
        var output: [UInt8] = []
        output.reserveCapacity(chunk.count + prefix.count * 4)
        for byte in chunk {
            if atLineStart { output.append(contentsOf: prefix) }
            output.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        return output
    }
}
