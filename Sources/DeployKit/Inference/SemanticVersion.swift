/// A Semantic Versioning 2.0 version as used in release tags: `1.4.0`, `v1.4.0-rc.1`, `2.0.0+build.5`.
public struct SemanticVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let patch: Int
    public let preRelease: [String]
    public let build: [String]

    public init(major: Int, minor: Int, patch: Int, preRelease: [String] = [], build: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.preRelease = preRelease
        self.build = build
    }

    /// Parses a tag name; a single leading `v` is allowed (Git tags are usually `v1.2.3`).
    public init?(tag: String) {
        var text = Substring(tag)
        if text.first == "v" { text = text.dropFirst() }
        var build: [String] = []
        if let plus = text.firstIndex(of: "+") {
            build = text[text.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard SemanticVersion.validIdentifiers(build, numericMayLeadWithZero: true) else { return nil }
            text = text[..<plus]
        }
        var preRelease: [String] = []
        if let dash = text.firstIndex(of: "-") {
            preRelease = text[text.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard SemanticVersion.validIdentifiers(preRelease, numericMayLeadWithZero: false) else { return nil }
            text = text[..<dash]
        }
        let core = text.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3,
              let major = SemanticVersion.numericPart(core[0]),
              let minor = SemanticVersion.numericPart(core[1]),
              let patch = SemanticVersion.numericPart(core[2]) else { return nil }
        self.init(major: major, minor: minor, patch: patch, preRelease: preRelease, build: build)
    }

    public var isPreRelease: Bool { !preRelease.isEmpty }

    /// The next patch release: `1.4.2` → `1.4.3`; a pre-release `1.5.0-rc.1` → `1.5.0` (its release).
    public var nextPatch: SemanticVersion {
        isPreRelease
            ? SemanticVersion(major: major, minor: minor, patch: patch)
            : SemanticVersion(major: major, minor: minor, patch: patch + 1)
    }

    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !preRelease.isEmpty { text += "-" + preRelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }

    /// SemVer §11 precedence; build metadata is ignored, as the specification says.
    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        switch (lhs.preRelease.isEmpty, rhs.preRelease.isEmpty) {
        case (true, true): return false
        case (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (left, right) in zip(lhs.preRelease, rhs.preRelease) where left != right {
            switch (Int(left), Int(right)) {
            case let (l?, r?): return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return left < right
            }
        }
        return lhs.preRelease.count < rhs.preRelease.count
    }

    /// Equal precedence, ignoring build metadata.
    public func hasSamePrecedence(as other: SemanticVersion) -> Bool {
        !(self < other) && !(other < self)
    }

    private static func numericPart(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              text == "0" || text.first != "0", text.count < 19 else { return nil }
        return Int(text)
    }

    private static func validIdentifiers(_ parts: [String], numericMayLeadWithZero: Bool) -> Bool {
        parts.allSatisfy { part in
            guard !part.isEmpty, part.utf8.allSatisfy({ isIdentifierByte($0) }) else { return false }
            let numeric = part.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
            return !numeric || numericMayLeadWithZero || part == "0" || part.first != "0"
        }
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 45
    }
}
