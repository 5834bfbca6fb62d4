import GitRepository

/// How far a release moves the version, from its commits as semantic-release's default
/// commit-analyzer rules read Conventional Commits: a breaking change → major, `feat` → minor,
/// anything else → patch. `release.rules` in `.deploy.yml` (like `releaseRules`) are tried first.
public enum BumpLevel: Int, Sendable, Comparable, CustomStringConvertible {
    case patch = 1, minor, major

    public init?(name: String) {
        switch name {
        case "patch": self = .patch
        case "minor": self = .minor
        case "major": self = .major
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .patch: return "patch"
        case .minor: return "minor"
        case .major: return "major"
        }
    }

    public static func < (lhs: BumpLevel, rhs: BumpLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One `release.rules` entry: commits whose type (and scope, and breaking marker) match release
/// at `release`; nil means the commit asks for no release.
public struct ReleaseRule: Sendable {
    public var type: String?
    public var scope: GlobPattern?
    public var breaking: Bool?
    public var release: BumpLevel?
    /// ".deploy.yml:12".
    public var origin: String

    public init(type: String? = nil, scope: GlobPattern? = nil, breaking: Bool? = nil, release: BumpLevel?, origin: String) {
        self.type = type
        self.scope = scope
        self.breaking = breaking
        self.release = release
        self.origin = origin
    }

    func matches(_ subject: ConventionalSubject, breaking isBreaking: Bool) -> Bool {
        if let type, subject.type != type { return false }
        if let scope, !(subject.scope.map(scope.matches) ?? false) { return false }
        if let breaking, breaking != isBreaking { return false }
        return true
    }
}

/// `type(scope)!: description`, read as conventional-commits-parser's default headerPattern does.
public struct ConventionalSubject: Sendable, Equatable {
    public let type: String
    public let scope: String?

    public init?(_ subject: String) {
        var rest = Substring(subject)
        let type = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        guard !type.isEmpty else { return nil }
        rest = rest.dropFirst(type.count)
        var scope: String?
        if rest.first == "(" {
            guard let close = rest.firstIndex(of: ")") else { return nil }
            scope = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
        }
        if rest.first == "!" { rest = rest.dropFirst() }
        guard rest.hasPrefix(": ") || rest == ":" || rest.hasPrefix(":") else { return nil }
        self.type = type.lowercased()
        self.scope = scope
    }
}

/// The bump a range of commits asks for, and the commit that decided it.
public struct BumpDecision: Sendable, Equatable {
    public let level: BumpLevel
    /// nil when no commit asked for a release (the next patch is proposed anyway).
    public let commit: ObjectID?
    public let subject: String?
    /// "breaking change (subject feat!:)", "type feat", "rule .deploy.yml:4", "no commit asks for more".
    public let reason: String
}

enum VersionBump {
    static let noRelease = "no commit asks for a release"

    /// The level one commit asks for (nil: none), with the reason.
    static func level(of message: CommitMessage, rules: [ReleaseRule]) -> (BumpLevel?, String) {
        let subject = ConventionalSubject(message.subject)
        let breaking = message.breakingChange != nil
        if let subject {
            let matching = rules.filter { $0.matches(subject, breaking: breaking) }
            if let first = matching.first {
                let best = matching.compactMap(\.release).max()
                return (best, "release rule \(first.origin)")
            }
        }
        if let marker = message.breakingChange { return (.major, "breaking change (\(marker))") }
        if subject?.type == "feat" { return (.minor, "type feat") }
        return (.patch, subject.map { "type \($0.type)" } ?? "not a Conventional Commit")
    }

    /// Reads the messages of `range` (newest first, at most `limit`) and returns the highest bump
    /// with the newest commit that asked for it; stops at the first major.
    static func decide(_ range: CommitRange, rules: [ReleaseRule], limit: Int, in repository: Repository) throws -> BumpDecision {
        let walk = try repository.walk(range, order: .incremental)
        var best: BumpDecision?
        var read = 0
        while read < limit, let commit = try walk.next() {
            read += 1
            let message = CommitMessage(commit.message)
            let (level, reason) = level(of: message, rules: rules)
            guard let level, level > (best?.level ?? .patch) || best == nil else { continue }
            best = BumpDecision(level: level, commit: commit.id, subject: commit.subject, reason: reason)
            if level == .major { break }
        }
        return best ?? BumpDecision(level: .patch, commit: nil, subject: nil, reason: noRelease)
    }
}
