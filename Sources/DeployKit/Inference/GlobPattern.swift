/// A ref or path glob with GitHub's branch-policy semantics (DESIGN §4): `*` matches within one
/// path segment, `**` matches across `/`, `?` one character that is not `/`, `[abc]`/`[a-z]`/`[!a]`
/// a character class, `\x` a literal x. The whole name must match (anchored at both ends).
///
/// Matching works on UTF-8 bytes because it runs for every changed path of every scanned commit;
/// `?` and classes still consume one whole Unicode scalar.
public struct GlobPattern: Equatable, Sendable, CustomStringConvertible {
    public let text: String
    private let tokens: [Token]

    private enum Token: Equatable, Sendable {
        case literal(UInt8)
        case anyInSegment          // *
        case anyAcrossSegments     // **
        case oneCharacter          // ?
        case characterClass(negated: Bool, items: [ClassItem])
    }

    private enum ClassItem: Equatable, Sendable {
        case single(Unicode.Scalar)
        case range(Unicode.Scalar, Unicode.Scalar)
    }

    private static let slash = UInt8(ascii: "/")

    /// Parses `text`; an unterminated `[` class or a backwards range is an error that names the pattern.
    public init(_ text: String) throws(GlobError) {
        self.text = text
        var tokens: [Token] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "*":
                if index + 1 < scalars.count, scalars[index + 1] == "*" {
                    // Runs of three or more stars mean the same as `**`.
                    while index + 1 < scalars.count, scalars[index + 1] == "*" { index += 1 }
                    tokens.append(.anyAcrossSegments)
                } else {
                    tokens.append(.anyInSegment)
                }
            case "?":
                tokens.append(.oneCharacter)
            case "[":
                let (token, next) = try GlobPattern.parseClass(scalars, from: index, pattern: text)
                tokens.append(token)
                index = next
                continue
            case "\\":
                guard index + 1 < scalars.count else {
                    throw GlobError(pattern: text, reason: "a trailing '\\' escapes nothing")
                }
                index += 1
                tokens.append(contentsOf: String(scalars[index]).utf8.map(Token.literal))
            default:
                tokens.append(contentsOf: String(scalar).utf8.map(Token.literal))
            }
            index += 1
        }
        self.tokens = tokens
    }

    public var description: String { text }

    /// Whether `name` matches the whole pattern.
    public func matches(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            // One flag per (token, byte offset) pair already known to fail, on the stack: this runs
            // for every changed path of every scanned commit, so it must not allocate.
            let size = tokens.count * (bytes.count + 1)
            return withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(size, 1)) { failed in
                failed.initialize(repeating: false)
                return match(0, 0, bytes, failed)
            }
        }
    }

    /// Backtracking with memoisation of (token, byte) pairs known to fail, so no pattern is exponential.
    private func match(_ t: Int, _ c: Int, _ name: UnsafeBufferPointer<UInt8>, _ failed: UnsafeMutableBufferPointer<Bool>) -> Bool {
        if t == tokens.count { return c == name.count }
        let memoKey = t &* (name.count + 1) &+ c
        if failed[memoKey] { return false }
        let result: Bool
        switch tokens[t] {
        case .literal(let expected):
            result = c < name.count && name[c] == expected && match(t + 1, c + 1, name, failed)
        case .oneCharacter:
            if let (scalar, width) = GlobPattern.scalar(in: name, at: c), scalar != "/" {
                result = match(t + 1, c + width, name, failed)
            } else {
                result = false
            }
        case .characterClass(let negated, let items):
            if let (scalar, width) = GlobPattern.scalar(in: name, at: c), scalar != "/",
               GlobPattern.classContains(items, scalar) != negated {
                result = match(t + 1, c + width, name, failed)
            } else {
                result = false
            }
        case .anyInSegment:
            var end = c
            var found = match(t + 1, end, name, failed)
            while !found, end < name.count, name[end] != GlobPattern.slash {
                end += 1
                found = match(t + 1, end, name, failed)
            }
            result = found
        case .anyAcrossSegments:
            // `a/**/b` also matches `a/b`: the `**/` may stand for nothing.
            if t + 1 < tokens.count, tokens[t + 1] == .literal(GlobPattern.slash),
               match(t + 2, c, name, failed) {
                result = true
            } else {
                var end = c
                var found = match(t + 1, end, name, failed)
                while !found, end < name.count {
                    end += 1
                    found = match(t + 1, end, name, failed)
                }
                result = found
            }
        }
        if !result { failed[memoKey] = true }
        return result
    }

    /// The scalar starting at byte `index` and its width; invalid UTF-8 counts as one byte.
    private static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        guard index < bytes.count else { return nil }
        let lead = bytes[index]
        let width = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 1
        guard width > 1, index + width <= bytes.count else {
            return (Unicode.Scalar(lead), 1)
        }
        var decoder = UTF8()
        var iterator = bytes[index..<(index + width)].makeIterator()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return (scalar, width) }
        return (Unicode.Scalar(lead), 1)
    }

    private static func classContains(_ items: [ClassItem], _ scalar: Unicode.Scalar) -> Bool {
        items.contains { item in
            switch item {
            case .single(let value): return value == scalar
            case .range(let low, let high): return low <= scalar && scalar <= high
            }
        }
    }

    private static func parseClass(_ scalars: [Unicode.Scalar], from start: Int, pattern: String) throws(GlobError) -> (Token, Int) {
        var index = start + 1
        var negated = false
        if index < scalars.count, scalars[index] == "!" || scalars[index] == "^" {
            negated = true
            index += 1
        }
        var items: [ClassItem] = []
        var first = true
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "]" && !first {
                return (.characterClass(negated: negated, items: items), index + 1)
            }
            first = false
            if index + 2 < scalars.count, scalars[index + 1] == "-", scalars[index + 2] != "]" {
                let low = scalar, high = scalars[index + 2]
                guard low <= high else {
                    throw GlobError(pattern: pattern, reason: "the range '\(low)-\(high)' runs backwards")
                }
                items.append(.range(low, high))
                index += 3
            } else {
                items.append(.single(scalar))
                index += 1
            }
        }
        throw GlobError(pattern: pattern, reason: "'[' at position \(start + 1) is never closed with ']'")
    }
}

/// A glob that cannot be parsed.
public struct GlobError: Error, Equatable, Sendable, CustomStringConvertible {
    public let pattern: String
    public let reason: String
    public var description: String { "invalid glob '\(pattern)': \(reason)" }
}
