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
    /// Works on UTF-8 bytes: it runs for every tag of the repository on every command.
    public init?(tag: String) {
        var tag = tag
        guard let parsed = tag.withUTF8({ SemanticVersion.parse($0) }) else { return nil }
        self = parsed
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> SemanticVersion? {
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "v") { index += 1 }
        // Cheap rejection of the common non-version tag before any allocation.
        guard index < bytes.count, isDigit(bytes[index]) else { return nil }
        var core: [Int] = []
        core.reserveCapacity(3)
        while core.count < 3 {
            let start = index
            var value = 0
            while index < bytes.count, isDigit(bytes[index]) {
                guard index - start < 18 else { return nil }
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
            }
            // A number: not empty, and no leading zero (SemVer §2).
            guard index > start, bytes[start] != 48 || index - start == 1 else { return nil }
            core.append(value)
            if core.count < 3 {
                guard index < bytes.count, bytes[index] == UInt8(ascii: ".") else { return nil }
                index += 1
            }
        }
        var preRelease: [String] = []
        var build: [String] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            guard let (identifiers, next) = identifiers(bytes, from: index + 1, stopAtPlus: true, numericMayLeadWithZero: false) else { return nil }
            preRelease = identifiers
            index = next
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") {
            guard let (identifiers, next) = identifiers(bytes, from: index + 1, stopAtPlus: false, numericMayLeadWithZero: true) else { return nil }
            build = identifiers
            index = next
        }
        guard index == bytes.count else { return nil }
        return SemanticVersion(major: core[0], minor: core[1], patch: core[2], preRelease: preRelease, build: build)
    }

    /// Dot-separated identifiers of [0-9A-Za-z-], none empty; numeric ones without leading zeros unless allowed.
    private static func identifiers(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, stopAtPlus: Bool,
                                    numericMayLeadWithZero: Bool) -> ([String], Int)? {
        var identifiers: [String] = []
        var index = start
        var partStart = start
        func finishPart() -> Bool {
            guard index > partStart else { return false }
            let part = UnsafeBufferPointer(rebasing: bytes[partStart..<index])
            let numeric = part.allSatisfy(isDigit)
            if numeric, !numericMayLeadWithZero, part.count > 1, part[0] == 48 { return false }
            identifiers.append(String(decoding: part, as: UTF8.self))
            return true
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") {
                guard finishPart() else { return nil }
                index += 1
                partStart = index
            } else if byte == UInt8(ascii: "+") && stopAtPlus {
                break
            } else if isIdentifierByte(byte) {
                index += 1
            } else {
                return nil
            }
        }
        guard finishPart() else { return nil }
        return (identifiers, index)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

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

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 45
    }
}
