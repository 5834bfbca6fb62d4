import Foundation
internal import CLibGit2

/// The name and email a commit is made by.
public struct Identity: Equatable, Sendable, CustomStringConvertible {
    public let name: String
    public let email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    /// Who notes commits are by when Git has no identity configured (CI runners, test sandboxes).
    public static let fallback = Identity(name: "git-deploy", email: "git-deploy@localhost")

    /// "Name <email>", as Git shows an identity.
    public var description: String { "\(name) <\(email)>" }
}

extension Repository {
    /// Writes `notes` (annotated object → new note text) into the notes tree of `base` (an empty
    /// tree when nil) and makes a commit of it with `parents`; moves no reference, so the caller
    /// can publish it with a compare-and-swap (`updateReference(_:to:expecting:logMessage:)`).
    ///
    /// A note that exists keeps its path; a new one goes flat into a small tree and under a
    /// two-digit fan-out directory (`ab/cdef…`) once the tree is fanned out or has 256 entries,
    /// so a big notes tree is not rewritten whole on every append. Git and libgit2 read both.
    public func createNotesCommit(
        base: ObjectID?, parents: [ObjectID], notes: [ObjectID: [UInt8]],
        identity: Identity, message: String
    ) throws(GitError) -> ObjectID {
        let baseTree = try base.map { base throws(GitError) in try rootTree(of: base) }
        defer { if let baseTree { git_tree_free(baseTree) } }

        var updates: [(path: String, blob: git_oid)] = []
        for (annotated, bytes) in notes.sorted(by: { $0.key < $1.key }) {
            var blob = git_oid()
            let status = bytes.withUnsafeBytes { buffer in
                git_blob_create_from_buffer(&blob, handle, buffer.baseAddress, buffer.count)
            }
            try check(status, "git_blob_create_from_buffer")
            let path = try baseTree.flatMap { tree throws(GitError) in try notePath(of: annotated, in: tree)?.path }
                ?? Repository.newNotePath(for: annotated, in: baseTree)
            updates.append((path, blob))
        }
        let treeID = try updatedTree(baseTree, updates)
        return try createCommit(tree: treeID, parents: parents, identity: identity, message: message)
    }

    /// A new tree: `base` with each path set to its blob (intermediate directories made as needed).
    private func updatedTree(_ base: OpaquePointer?, _ updates: [(path: String, blob: git_oid)]) throws(GitError) -> git_oid {
        // git_tree_update borrows its path: keep C copies alive for the call.
        let paths = updates.map { strdup($0.path) }
        defer { paths.forEach { free($0) } }
        var raw = zip(updates, paths).map { update, path in
            git_tree_update(action: GIT_TREE_UPDATE_UPSERT, id: update.blob, filemode: GIT_FILEMODE_BLOB, path: path)
        }
        var tree = git_oid()
        try check(git_tree_create_updated(&tree, handle, base, raw.count, &raw), "git_tree_create_updated")
        return tree
    }

    func createCommit(tree treeID: git_oid, parents: [ObjectID], identity: Identity, message: String) throws(GitError) -> ObjectID {
        var treeOID = treeID
        var tree: OpaquePointer?
        try check(git_tree_lookup(&tree, handle, &treeOID), "git_tree_lookup")
        defer { git_tree_free(tree) }

        var parentCommits: [OpaquePointer?] = []
        defer { parentCommits.forEach { git_commit_free($0) } }
        for parent in parents {
            parentCommits.append(try lookupCommit(parent))
        }

        var signature: UnsafeMutablePointer<git_signature>?
        // libgit2 refuses names and emails with '<', '>' or newlines; such an identity is Git's
        // problem to report, not a reason to lose a deployment record.
        if git_signature_now(&signature, identity.name, identity.email) < 0 {
            try check(git_signature_now(&signature, Identity.fallback.name, Identity.fallback.email), "git_signature_now")
        }
        defer { git_signature_free(signature) }

        var commit = git_oid()
        let status = parentCommits.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(&commit, handle, nil, signature, signature, nil, message, tree,
                              buffer.count, buffer.baseAddress)
        }
        try check(status, "git_commit_create")
        return ObjectID(commit)
    }

    /// Where a note with no existing path goes (see `createNotesCommit`).
    private static func newNotePath(for annotated: ObjectID, in tree: OpaquePointer?) -> String {
        guard let tree else { return annotated.hex }
        let count = git_tree_entrycount(tree)
        let fannedOut = count >= 256 || (0..<count).contains { index in
            guard let entry = git_tree_entry_byindex(tree, index), git_tree_entry_type(entry) == GIT_OBJECT_TREE else { return false }
            let name = String(cString: git_tree_entry_name(entry))
            return name.utf8.count == 2 && isHex(name)
        }
        guard fannedOut else { return annotated.hex }
        return String(annotated.hex.prefix(2)) + "/" + String(annotated.hex.dropFirst(2))
    }
}
