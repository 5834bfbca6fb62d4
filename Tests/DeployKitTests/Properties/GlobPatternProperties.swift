import Foundation
import PropertyBased
import Testing
@testable import DeployKit

@Suite("properties: glob patterns", .tags(.fast))
struct GlobPatternProperties {
    /// Text with no glob syntax (`*`, `?`, `[`, `\`), so it is its own literal pattern.
    static let literal: AnyGenerator<String> = HostileText.string(fragments: 10).map { $0.removingScalars("*?[\\") }.eraseToAny()
    /// A literal without '/' (by scalar: Swift would hide a '/' followed by a combining mark).
    static let segment: AnyGenerator<String> = literal.map { $0.removingScalars("/") }.eraseToAny()

    static func glob(_ text: String) -> GlobPattern? { try? GlobPattern(text) }

    @Test("a literal pattern matches exactly itself (300 pairs)")
    func literalMatchesItself() async {
        await propertyCheck(count: 300, input: zip(Self.literal, Self.literal)) { name, other in
            let pattern = Self.glob(name)
            #expect(pattern?.matches(name) == true)
            #expect(pattern?.matches(other) == (Array(other.utf8) == Array(name.utf8)))
        }
    }

    @Test("`*` never crosses '/', `**` matches any suffix (300 pairs)")
    func stars() async {
        await propertyCheck(count: 300, input: zip(Self.literal, Self.literal)) { prefix, rest in
            #expect(Self.glob(prefix + "*")?.matches(prefix + rest) == !rest.unicodeScalars.contains("/"))
            #expect(Self.glob(prefix + "**")?.matches(prefix + rest) == true)
            #expect(Self.glob(prefix + "**")?.matches(prefix) == true)
        }
    }

    @Test("replacing one segment of a name with `*` gives a pattern that matches the name (300 names)")
    func segmentWildcard() async {
        let input = zip(Self.segment.array(of: 1...5), Gen.int(in: 0...4))
        await propertyCheck(count: 300, input: input) { segments, choice in
            let name = segments.joined(separator: "/")
            var pattern = segments
            pattern[choice % segments.count] = "*"
            #expect(Self.glob(pattern.joined(separator: "/"))?.matches(name) == true, "\(pattern) vs \(name)")
            pattern[choice % segments.count] = "**"
            #expect(Self.glob(pattern.joined(separator: "/"))?.matches(name) == true, "\(pattern) vs \(name)")
        }
    }

    /// The documented semantics as a regular expression: `*` is `[^/]*`, `?` is `[^/]`, `**` is
    /// `.*`, and `**/` may also stand for nothing (`a/**/b` matches `a/b`).
    static func reference(_ pattern: String) -> NSRegularExpression? {
        let scalars = Array(pattern.unicodeScalars)
        var regex = "^"
        var index = 0
        while index < scalars.count {
            switch scalars[index] {
            case "*":
                var end = index
                while end + 1 < scalars.count, scalars[end + 1] == "*" { end += 1 }
                if end == index {
                    regex += "[^/]*"
                } else if end + 1 < scalars.count, scalars[end + 1] == "/" {
                    regex += "(?:.*/)?"
                    end += 1
                } else {
                    regex += ".*"
                }
                index = end + 1
            case "?":
                regex += "[^/]"
                index += 1
            default:
                regex += NSRegularExpression.escapedPattern(for: String(scalars[index]))
                index += 1
            }
        }
        return try? NSRegularExpression(pattern: regex + "$")
    }

    @Test("agrees with a regular-expression reference over a small alphabet (400 patterns × 25 names)")
    func agreesWithReference() async {
        let pattern = pick(["a", "b", "/", ".", "*", "**", "?", "a", "/"]).array(of: 0...8).map { $0.joined() }
        let name = pick(Array("ab/.")).array(of: 0...8).map { String($0) }
        await propertyCheck(count: 400, input: zip(pattern, name.array(of: 25))) { pattern, names in
            guard let glob = Self.glob(pattern), let regex = Self.reference(pattern) else {
                Issue.record("'\(pattern)' does not compile")
                return
            }
            for name in names {
                let expected = regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
                #expect(glob.matches(name) == expected, "'\(pattern)' vs '\(name)'")
            }
        }
    }
}
