import Foundation

/// Who holds an environment lock (issue 14, item 3): written by the holder into the local lock
/// file or the remote lock commit, read by a run that waits, by `unlock` and by a takeover.
/// What is read was written by another process, or by anyone who can push the lock ref: it is
/// capped before parsing, every field is optional, and every string is quoted short and escaped.
public struct LockHolder: Sendable, Equatable {
    /// "Name <email>": Git's committer identity of the holder.
    public var who: String
    public var pid: Int?
    public var host: String?
    public var commit: String?
    /// The deployment id (`deploy-…`).
    public var deployment: String?
    public var since: Date?
    /// When a remote lock counts as abandoned; nil for a local lock (the kernel releases it).
    public var expires: Date?

    /// A lock file or lock commit larger than this is not ours: it is not parsed.
    public static let byteLimit = 16 << 10
    /// The longest a lock may claim to stay valid, whatever its `expires` says: the longest
    /// handler timeout plus the margin, so a hand-written lock cannot claim an environment forever.
    public static let longestHold = InputLimits.handlerTimeoutSeconds + LockSettings.expiryMargin

    public init(who: String, pid: Int? = nil, host: String? = nil, commit: String? = nil, deployment: String? = nil,
                since: Date? = nil, expires: Date? = nil) {
        self.who = who
        self.pid = pid
        self.host = host
        self.commit = commit
        self.deployment = deployment
        self.since = since
        self.expires = expires
    }

    /// This process, about to deploy `commit` as `deployment`.
    static func current(who: String, commit: String?, deployment: String, now: Date, expires: Date? = nil) -> LockHolder {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count - 1) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : nil
        return LockHolder(who: who, pid: Int(getpid()), host: host, commit: commit, deployment: deployment, since: now, expires: expires)
    }

    var json: JSONValue {
        .object([
            ("who", .string(who)),
            ("pid", pid.map(JSONValue.int) ?? .null),
            ("host", .optional(host)),
            ("commit", .optional(commit)),
            ("deployment", .optional(deployment)),
            ("since", .optional(since.map(Timestamp.format))),
            ("expires", .optional(expires.map(Timestamp.format))),
        ])
    }

    /// Reads what `json` wrote; nil for anything else (empty, too large, not an object).
    static func parse(_ bytes: [UInt8]) -> LockHolder? {
        guard !bytes.isEmpty, bytes.count <= byteLimit, let json = try? JSONParser.parse(bytes), case .object = json else { return nil }
        var pid: Int?
        if case .int(let value)? = json["pid"] { pid = value }
        return LockHolder(who: json["who"]?.stringValue ?? "someone", pid: pid, host: json["host"]?.stringValue,
                          commit: json["commit"]?.stringValue, deployment: json["deployment"]?.stringValue,
                          since: json["since"]?.stringValue.flatMap(Timestamp.parse),
                          expires: json["expires"]?.stringValue.flatMap(Timestamp.parse))
    }

    /// Whether a remote lock is past its expiry at `now` (see `longestHold`). A lock that states
    /// neither time cannot be judged: it stays until someone runs `git deploy unlock`.
    func isExpired(at now: Date) -> Bool {
        let claimed = expires ?? since.map { $0.addingTimeInterval(LockHolder.longestHold) }
        let capped = since.map { $0.addingTimeInterval(LockHolder.longestHold) }
        guard let end = [claimed, capped].compactMap({ $0 }).min() else { return false }
        return end <= now
    }

    /// "Ann <ann@x> deploying abc1234 since 12:01:03 UTC (pid 4242 on build-7)", for progress and errors.
    public var description: String {
        var text = Excerpt.quote(who)
        if let commit { text += " deploying \(Excerpt.quote(commit.prefix(7)))" }
        if let since { text += " since \(LockHolder.clock(since))" }
        var place: [String] = []
        if let pid { place.append("pid \(pid)") }
        if let host { place.append("on \(Excerpt.quote(host))") }
        if !place.isEmpty { text += " (\(place.joined(separator: " ")))" }
        return text
    }

    /// "12:01:03 UTC": the time of day is what a person waiting compares with their clock.
    static func clock(_ date: Date) -> String {
        let stamp = Timestamp.format(date)
        guard stamp.count >= 19 else { return stamp }
        return String(stamp.dropFirst(11).prefix(8)) + " UTC"
    }
}
