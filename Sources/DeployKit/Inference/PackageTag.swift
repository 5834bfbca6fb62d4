/// A monorepo package's release tag: `api@1.2.3`, `api@v1.2.3`, `api-v1.2.3`, `api/v1.2.3`,
/// `conventional-commits-parser-v7.1.2` — the package's name, a separator, a Semantic Version.
public struct PackageTag: Sendable, Equatable {
    public let package: String
    public let version: SemanticVersion

    /// The separators between name and version, as lerna, changesets, release-please and
    /// Go modules write them.
    static let separators = ["@v", "@", "-v", "/v"]

    /// Parses `tag`; the rightmost separator whose remainder is a version wins (`a-b-v1.0.0`
    /// is package `a-b`). A name must start with a letter, digit or `@` (npm scopes).
    public init?(_ tag: String) {
        var end = tag.endIndex
        while end > tag.startIndex {
            let searched = tag[..<end]
            var best: (Range<String.Index>, String)?
            for separator in Self.separators {
                guard let range = searched.range(of: separator, options: .backwards) else { continue }
                if best == nil || range.lowerBound > best!.0.lowerBound || (range.lowerBound == best!.0.lowerBound && separator.count > best!.1.count) {
                    best = (range, separator)
                }
            }
            guard let (range, _) = best else { return nil }
            let name = tag[..<range.lowerBound]
            if !name.isEmpty, let first = name.unicodeScalars.first, first == "@" || first.properties.isAlphabetic || ("0"..."9").contains(first),
               let version = SemanticVersion(tag: String(tag[range.upperBound...])), !tag[range.upperBound...].hasPrefix("v") {
                package = String(name)
                self.version = version
                return
            }
            end = range.lowerBound
        }
        return nil
    }

    /// A configured pattern `PREFIX{version}` (`backend-release-{version}`): the tag's version, or nil.
    static func version(of tag: String, prefix: String) -> SemanticVersion? {
        guard tag.hasPrefix(prefix) else { return nil }
        return SemanticVersion(tag: String(tag.dropFirst(prefix.count)))
    }
}
