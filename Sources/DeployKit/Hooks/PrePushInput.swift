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
        let read = try HookInput.read(from: descriptor, lineLimit: lineLimit, totalLimit: totalLimit) { reason in
            DeployError.badInput("cannot read the pre-push input: \(reason)")
        }
        switch read {
        case .success(let input): return input
        case .failure(.lineTooLong(let line)): throw lineTooLong(line, limit: lineLimit)
        case .failure(.tooLarge(let refsRead)): throw tooLarge(refsRead: refsRead, limit: totalLimit)
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
