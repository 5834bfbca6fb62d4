import GitRepository

/// One line of what Git feeds pre-push on standard input:
/// `<local ref> SP <local sha> SP <remote ref> SP <remote sha>` (githooks(5)).
public struct PushedRef: Sendable, Equatable {
    public let localRef: String
    public let localID: ObjectID
    public let remoteRef: String
    public let remoteID: ObjectID

    /// A deletion pushes the all-zero id.
    public var isDeletion: Bool { localID.isZero }
    /// A ref the remote does not have yet.
    public var isNew: Bool { remoteID.isZero }

    /// Parses the lines; a malformed line is an error naming it.
    public static func parse(_ input: String) throws(DeployError) -> [PushedRef] {
        var refs: [PushedRef] = []
        for (index, line) in input.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 4, let local = ObjectID(hex: String(fields[1])), let remote = ObjectID(hex: String(fields[3])) else {
                throw DeployError.badInput("pre-push input line \(index + 1) is not '<local ref> <local sha> <remote ref> <remote sha>': '\(Excerpt.quote(line, limit: 120))'",
                                           hint: "git deploy hook pre-push is run by Git's pre-push hook; run 'git push' rather than calling it by hand")
            }
            refs.append(PushedRef(localRef: String(fields[0]), localID: local, remoteRef: String(fields[2]), remoteID: remote))
        }
        return refs
    }
}
