import Foundation
internal import CLibGit2

/// One commit, read out of libgit2 into plain values.
public struct CommitInfo: Equatable, Sendable {
    /// The commit's id.
    public let id: ObjectID
    /// Parent ids in order; the first is the mainline of a merge.
    public let parents: [ObjectID]
    /// The full message (invalid UTF-8 repaired with U+FFFD).
    public let message: String
    /// The author's name.
    public let authorName: String
    /// The author's email.
    public let authorEmail: String
    /// The committer time.
    public let time: Date
    /// The root tree, when read from the repository: a diff then needs no second look at the commit.
    let tree: ObjectID?

    /// Builds a commit by hand (for test doubles in other modules).
    public init(id: ObjectID, parents: [ObjectID], message: String, authorName: String, authorEmail: String, time: Date) {
        self.init(id: id, parents: parents, message: message, authorName: authorName, authorEmail: authorEmail, time: time, tree: nil)
    }

    init(id: ObjectID, parents: [ObjectID], message: String, authorName: String, authorEmail: String, time: Date, tree: ObjectID?) {
        self.id = id
        self.parents = parents
        self.message = message
        self.authorName = authorName
        self.authorEmail = authorEmail
        self.time = time
        self.tree = tree
    }

    /// Equal when the plain values are: the tree id is a cache of the repository's, not part of the value.
    public static func == (lhs: CommitInfo, rhs: CommitInfo) -> Bool {
        lhs.id == rhs.id && lhs.parents == rhs.parents && lhs.message == rhs.message
            && lhs.authorName == rhs.authorName && lhs.authorEmail == rhs.authorEmail && lhs.time == rhs.time
    }

    /// The first line of the message.
    public var subject: String {
        let line = message.prefix { $0 != "\n" && $0 != "\r\n" }
        return String(line.hasSuffix("\r") ? line.dropLast() : line)
    }

    /// Copies a libgit2 commit; `String(cString:)` repairs invalid UTF-8 since Git stores bytes.
    init(_ commit: OpaquePointer) {
        id = ObjectID(git_commit_id(commit))
        parents = (0..<git_commit_parentcount(commit)).map { ObjectID(git_commit_parent_id(commit, $0)) }
        message = git_commit_message(commit).map { String(cString: $0) } ?? ""
        let author = git_commit_author(commit).pointee
        authorName = author.name.map { String(cString: $0) } ?? ""
        authorEmail = author.email.map { String(cString: $0) } ?? ""
        time = CommitInfo.date(seconds: git_commit_time(commit))
        tree = ObjectID(git_commit_tree_id(commit))
    }

    /// The latest committer time read as itself: 9999-12-31T23:59:59Z. Git stores any decimal
    /// number there (a fetched commit may say 9223372036854775807, and `git fsck` accepts it);
    /// dates past this one have no four-digit year to print and overflow date arithmetic.
    public static let latestTime: Int64 = 253_402_300_799

    /// A commit's time as Git shows it: one Git cannot represent (negative, or past
    /// `latestTime` here) reads as 0, 1970-01-01, as `git log` shows it (ident.c `date_overflows`).
    static func date(seconds: Int64) -> Date {
        guard seconds >= 0, seconds <= latestTime else { return Date(timeIntervalSince1970: 0) }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}

extension Repository {
    /// Reads the commit `id`; a missing object is a `GitError` with `isNotFound`.
    public func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }
        return CommitInfo(commit)
    }

    /// The committer time of `id` as libgit2 reads it (seconds, not clamped): the key walks order by.
    func commitTime(_ id: ObjectID) throws(GitError) -> Int64 {
        let commit = try lookupCommit(id)
        defer { git_commit_free(commit) }
        return git_commit_time(commit)
    }

    /// The commit `id`, owned by the caller. libgit2's parse errors ("failed to parse signature -
    /// invalid Unix timestamp") do not say which commit: this one does.
    func lookupCommit(_ id: ObjectID) throws(GitError) -> OpaquePointer {
        var commit: OpaquePointer?
        var oid = id.raw
        let status = git_commit_lookup(&commit, handle, &oid)
        guard status < 0 else { return commit! }
        let error = GitError.last(code: status, function: "git_commit_lookup")
        // libgit2's not-found message names the id already.
        if error.isNotFound || error.message.contains(id.hex) { throw error }
        throw GitError(code: error.code, klass: error.klass, message: "commit \(id.hex): \(error.message)",
                       function: error.function, path: error.path)
    }
}
