/// The line of releases a branch belongs to, as semantic-release types its branches: the main
/// line, a maintenance line (`release/2.3`, `release-2.3`, `2.3.x`, `2.x`) whose versions stay in
/// its range, or a pre-release channel (`next`, `next-major`, `beta`, `alpha`) whose versions are
/// `X.Y.Z-<channel>.N`.
public enum ReleaseLine: Sendable, Equatable, CustomStringConvertible {
    case main
    /// `minor` nil: a whole major line (`2.x`).
    case maintenance(major: Int, minor: Int?)
    case preRelease(channel: String)

    /// semantic-release's default pre-release branches (configurable: `release.prerelease-branches`).
    public static let defaultPreReleaseBranches = ["next", "next-major", "beta", "alpha"]

    /// The line of a branch (a short name, or a remote-tracking `origin/…` name stripped by the caller).
    public static func of(branch: String, preReleaseBranches: [String]) -> ReleaseLine {
        if preReleaseBranches.contains(branch) { return .preRelease(channel: branch) }
        if let (major, minor) = maintenanceRange(branch) { return .maintenance(major: major, minor: minor) }
        return .main
    }

    /// `release/2.3`, `releases/2.3`, `release-2.3`, `2.3.x`, `2.x`, `release-2.x`, `v2.3.x` → (2, 3) or (2, nil).
    static func maintenanceRange(_ branch: String) -> (Int, Int?)? {
        var rest = Substring(branch)
        var prefixed = false
        for prefix in ["release/", "releases/", "release-"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            prefixed = true
            break
        }
        if rest.hasPrefix("v") { rest = rest.dropFirst() }
        var parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        // "2.3.x" and "2.x" name a range; "2.3" does only after a release prefix.
        let hasX = parts.last == "x"
        if hasX { parts.removeLast() }
        guard hasX || prefixed, (1...2).contains(parts.count), let major = number(parts[0]) else { return nil }
        if parts.count == 1 { return hasX || prefixed ? (major, nil) : nil }
        guard let minor = number(parts[1]) else { return nil }
        return (major, minor)
    }

    /// Digits only, at most nine of them: never a trapping conversion on a hostile branch name.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// Whether a version tag belongs to this line's releases — what `git describe --tags --match`
    /// is given when looking for the previous release on the line.
    public func accepts(_ version: SemanticVersion) -> Bool {
        switch self {
        case .main:
            return !version.isPreRelease
        case .maintenance(let major, let minor):
            return !version.isPreRelease && version.major == major && (minor == nil || version.minor == minor)
        case .preRelease(let channel):
            return !version.isPreRelease || version.preRelease.first == channel
        }
    }

    public var description: String {
        switch self {
        case .main: return "main line"
        case .maintenance(let major, let minor?): return "maintenance line \(major).\(minor).x"
        case .maintenance(let major, nil): return "maintenance line \(major).x"
        case .preRelease(let channel): return "pre-release channel \(channel)"
        }
    }
}
