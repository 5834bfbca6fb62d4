import Foundation

/// The hand-off of DESIGN §8: what `.deployment_config` says about one deployment, as ordered
/// key/value pairs, so every format (shell, JSON, GitHub outputs, dotenv) carries the same data.
public struct Handoff: Sendable, Equatable {
    /// The keys in the order DESIGN §8 lists them: the seed's seven first.
    public static let keys = [
        "DEPLOYMENT_ID", "DEPLOYMENT_ENVIRONMENT", "DEPLOYMENT_TYPE", "DEPLOYMENT_TIMESTAMP", "DEPLOYMENT_OPTIONS",
        "DEPLOYMENT_COMMIT", "DEPLOYMENT_BRANCH", "DEPLOYMENT_TAG", "DEPLOYMENT_COMPLEXITY", "DEPLOYMENT_MODE",
        "DEPLOYMENT_ROUTING_KEY", "DEPLOYMENT_TARGET", "DEPLOYMENT_SAFETY_LEVEL", "DEPLOYMENT_PIPELINE",
        "DEPLOYMENT_PREVIOUS_COMMIT", "RELEASE_VERSION", "RELEASE_MANAGER", "RELEASE_MODE",
    ]

    /// Values in `keys` order; unknown values are empty strings.
    public let values: [(key: String, value: String)]

    public static func == (lhs: Handoff, rhs: Handoff) -> Bool {
        lhs.values.map(\.key) == rhs.values.map(\.key) && lhs.values.map(\.value) == rhs.values.map(\.value)
    }

    public subscript(key: String) -> String? {
        values.first { $0.key == key }?.value
    }

    public var id: String { self["DEPLOYMENT_ID"] ?? "" }

    /// Builds the hand-off for a decision. `previousCommit` is the environment's last successful
    /// deployment, when history knows one.
    public init(_ explanation: Explanation, id: String, timestamp: Date, previousCommit: String?) {
        let e = explanation
        let fields: [String: String] = [
            "DEPLOYMENT_ID": id,
            "DEPLOYMENT_ENVIRONMENT": e.environment.name,
            "DEPLOYMENT_TYPE": e.platform?.rawValue ?? "",
            "DEPLOYMENT_TIMESTAMP": Handoff.seedTimestamp(timestamp),
            "DEPLOYMENT_OPTIONS": e.options.map(\.rawValue).joined(separator: " "),
            "DEPLOYMENT_COMMIT": e.commit ?? "",
            "DEPLOYMENT_BRANCH": e.branch ?? "",
            "DEPLOYMENT_TAG": e.tag ?? "",
            "DEPLOYMENT_COMPLEXITY": e.routing.complexity.rawValue,
            "DEPLOYMENT_MODE": e.routing.mode.rawValue,
            "DEPLOYMENT_ROUTING_KEY": e.routingKey?.description ?? "",
            "DEPLOYMENT_TARGET": e.target?.rawValue ?? "",
            "DEPLOYMENT_SAFETY_LEVEL": e.environment.safety.rawValue,
            "DEPLOYMENT_PIPELINE": e.pipeline ?? "",
            "DEPLOYMENT_PREVIOUS_COMMIT": previousCommit ?? "",
            "RELEASE_VERSION": e.release.version ?? "",
            "RELEASE_MANAGER": e.release.manager ?? "",
            "RELEASE_MODE": e.release.mode.rawValue,
        ]
        values = Handoff.keys.map { ($0, fields[$0] ?? "") }
    }

    /// `deploy-YYYYMMDD-HHMMSS-<7 hex of commit>-<4 random hex>` (DESIGN §8), in UTC.
    public static func makeID(commit: String?, at date: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        return makeID(commit: commit, at: date, using: &generator)
    }

    public static func makeID<G: RandomNumberGenerator>(commit: String?, at date: Date, using generator: inout G) -> String {
        let stamp = format(date, "%04d%02d%02d-%02d%02d%02d")
        let short = String((commit ?? "0000000").prefix(7))
        let random = String(format: "%04x", UInt16.random(in: 0...UInt16.max, using: &generator))
        return "deploy-\(stamp)-\(short)-\(random)"
    }

    /// The seed's `date -u '+%Y-%m-%d %H:%M:%S UTC'`.
    static func seedTimestamp(_ date: Date) -> String {
        format(date, "%04d-%02d-%02d %02d:%02d:%02d") + " UTC"
    }

    private static func format(_ date: Date, _ pattern: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: pattern, c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
