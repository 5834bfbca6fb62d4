#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What Git feeds a hook on standard input (pre-push's ref lines, post-rewrite's old→new pairs),
/// read within a cap per line and in all, so that a hostile or broken caller cannot make the hook
/// hold hundreds of megabytes. Each hook says what going past a cap means for it.
enum HookInput {
    enum Overflow: Error {
        /// Line `line` (1-based) is longer than the line cap.
        case lineTooLong(line: Int)
        /// More than the total cap, after `linesRead` whole lines.
        case tooLarge(linesRead: Int)
    }

    static func read(from descriptor: Int32, lineLimit: Int, totalLimit: Int,
                     unreadable: (String) -> DeployError) throws(DeployError) -> Result<Data, Overflow> {
        var input = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var line = 1, lineLength = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw unreadable(String(cString: strerror(errno)))
            }
            if count == 0 { return .success(input) }
            for byte in buffer[..<count] {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    lineLength = 0
                } else {
                    lineLength += 1
                    if lineLength > lineLimit { return .failure(.lineTooLong(line: line)) }
                }
            }
            guard input.count + count <= totalLimit else { return .failure(.tooLarge(linesRead: line - 1)) }
            input.append(contentsOf: buffer[..<count])
        }
    }
}
