import Foundation

/// How one probe ended.
public struct ProbeReport: Sendable, Equatable {
    public enum Result: String, Sendable { case passed, failed }

    public let name: String
    public let layer: ProbeSettings.Layer
    public let result: Result
    public let attempts: Int
    /// The last failed attempt's reason; nil when no attempt failed.
    public let lastError: String?
    /// Seconds from the start (initial delay included) to the verdict.
    public let duration: Double

    public init(name: String, layer: ProbeSettings.Layer, result: Result, attempts: Int, lastError: String?, duration: Double) {
        self.name = name
        self.layer = layer
        self.result = result
        self.attempts = attempts
        self.lastError = lastError
        self.duration = duration
    }

    init(probe: ProbeSettings, result: Result, attempts: Int, lastError: String?, duration: Double) {
        self.init(name: probe.name, layer: probe.layer, result: result, attempts: attempts, lastError: lastError, duration: duration)
    }

    public var json: JSONValue {
        .object([("name", .string(name)), ("layer", .string(layer.rawValue)), ("result", .string(result.rawValue)),
                 ("attempts", .int(attempts)), ("last_error", .optional(lastError)),
                 ("duration_seconds", .double((duration * 1000).rounded() / 1000))])
    }
}

/// Every probe of a verification, in configuration order.
public struct VerificationReport: Sendable, Equatable {
    public let probes: [ProbeReport]
    public let duration: Double

    public init(probes: [ProbeReport], duration: Double) {
        self.probes = probes
        self.duration = duration
    }

    /// True when every probe passed (and vacuously with no probes).
    public var passed: Bool { probes.allSatisfy { $0.result == .passed } }

    /// `.verificationFailed` (exit 5) naming the failed probes, or nil.
    public var error: DeployError? {
        let failed = probes.filter { $0.result == .failed }
        guard !failed.isEmpty else { return nil }
        let names = failed.map { "\($0.name) (\($0.layer.rawValue)): \($0.lastError ?? "failed")" }
        return DeployError(.verificationFailed, "verification failed: " + names.joined(separator: "; "))
    }

    public var json: JSONValue {
        .object([("passed", .bool(passed)), ("duration_seconds", .double((duration * 1000).rounded() / 1000)),
                 ("probes", .array(probes.map(\.json)))])
    }

    /// A table for people, layers in the seed's order (infrastructure first).
    public var table: String {
        let ordered = ProbeSettings.Layer.allCases.flatMap { layer in probes.filter { $0.layer == layer } }
        let header = ["PROBE", "LAYER", "RESULT", "ATTEMPTS", "TIME", "LAST ERROR"]
        let rows = ordered.map { probe in
            [probe.name, probe.layer.rawValue, probe.result.rawValue, String(probe.attempts),
             String(format: "%.1fs", probe.duration), probe.lastError ?? "-"]
        }
        guard !rows.isEmpty else { return "no probes configured\n" }
        let widths = (0..<header.count - 1).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells.dropLast(), widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                + "  " + (cells.last ?? "")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
