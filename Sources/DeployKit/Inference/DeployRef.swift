/// The ref a deployment is for: a branch or a tag, by short name.
public enum DeployRef: Hashable, Sendable, CustomStringConvertible {
    case branch(String)
    case tag(String)

    /// `refs/heads/x` → branch x, `refs/tags/v1` → tag v1; any other namespace has no route.
    public init?(fullName: String) {
        if fullName.hasPrefix("refs/heads/"), fullName.count > 11 {
            self = .branch(String(fullName.dropFirst(11)))
        } else if fullName.hasPrefix("refs/tags/"), fullName.count > 10 {
            self = .tag(String(fullName.dropFirst(10)))
        } else {
            return nil
        }
    }

    public var name: String {
        switch self {
        case .branch(let name), .tag(let name): return name
        }
    }

    public var fullName: String {
        switch self {
        case .branch(let name): return "refs/heads/\(name)"
        case .tag(let name): return "refs/tags/\(name)"
        }
    }

    public var kind: String {
        switch self {
        case .branch: return "branch"
        case .tag: return "tag"
        }
    }

    public var branchName: String? {
        if case .branch(let name) = self { return name } else { return nil }
    }

    public var tagName: String? {
        if case .tag(let name) = self { return name } else { return nil }
    }

    public var description: String { "\(kind) \(name)" }
}
