/// One field of a rule's `env,complexity,mode` pattern: a wildcard or an exact value (DESIGN §3).
public enum FieldPattern: Equatable, Sendable, CustomStringConvertible {
    /// `*`: matches every value, including the complexity `any`.
    case any
    /// Matches this value only.
    case exact(String)

    /// Parses one field: `*` is the wildcard, and so is the seed's `any` (DESIGN §3: "`*` … the seed's
    /// `any`"), so a route copied from the seed's matrix (`prod,any,rollback`) means what it meant there.
    public init(_ text: String) {
        self = (text == "*" || text == "any") ? .any : .exact(text)
    }

    /// "*" or the value.
    public var description: String {
        switch self {
        case .any: "*"
        case .exact(let value): value
        }
    }

    /// Whether this field accepts `value`.
    func matches(_ value: String) -> Bool {
        switch self {
        case .any: true
        case .exact(let expected): expected == value
        }
    }
}
