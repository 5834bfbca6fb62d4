#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads what Git feeds the pre-push hook on standard input — one line per pushed ref — within
/// `InputLimits.prePushLineBytes` per line and `InputLimits.prePushInputBytes` in all, so that a
/// hostile or broken caller cannot make the hook hold hundreds of megabytes. Past a cap the hook
/// fails (exit 2) and Git stops the push: the refs it did not read might have deployed to a
/// high-safety environment, and letting those through unchecked would lift the gate.
public enum PrePushInput {
    public static func read(from descriptor: Int32 = STDIN_FILENO,
                            lineLimit: Int = InputLimits.prePushLineBytes,
                            totalLimit: Int = InputLimits.prePushInputBytes) throws(DeployError) -> Data {
        var input = Data()
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        var line = 1, lineLength = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw DeployError.badInput("cannot read the pre-push input: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return input }
            for byte in buffer[..<count] {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    lineLength = 0
                } else {
                    lineLength += 1
                    if lineLength > lineLimit { throw lineTooLong(line, limit: lineLimit) }
                }
            }
            guard input.count + count <= totalLimit else { throw tooLarge(refsRead: line - 1, limit: totalLimit) }
            input.append(contentsOf: buffer[..<count])
        }
    }

    private static let hint = "push fewer refs at a time (e.g. branches, then tags), or skip all pre-push hooks once with git push --no-verify"

    private static func lineTooLong(_ line: Int, limit: Int) -> DeployError {
        DeployError.badInput("pre-push input line \(line) is longer than \(limit) bytes; the push is stopped unchecked", hint: hint)
    }

    private static func tooLarge(refsRead: Int, limit: Int) -> DeployError {
        DeployError.badInput("the pre-push input is larger than \(limit) bytes (more than \(refsRead) refs); the push is stopped unchecked",
                             hint: hint)
    }
}
