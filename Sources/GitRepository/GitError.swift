internal import CLibGit2

/// A failed libgit2 call: its return code, libgit2's error class and message, and the function that failed.
public struct GitError: Error, CustomStringConvertible, Sendable {
    /// The libgit2 return code (e.g. `GIT_ENOTFOUND` = -3).
    public let code: Int32
    /// `git_error_last()->klass`, 0 when libgit2 set none.
    public let klass: Int32
    /// `git_error_last()->message`, or a message of ours when libgit2 set none.
    public let message: String
    /// The libgit2 function that failed, e.g. `git_repository_open_ext`.
    public let function: String
    /// The file or directory the error is about, when there is one to name in a fix.
    public let path: String?

    /// Builds an error by hand (for test doubles in other modules).
    public init(code: Int32, klass: Int32, message: String, function: String, path: String? = nil) {
        self.code = code
        self.klass = klass
        self.message = message
        self.function = function
        self.path = path
    }

    /// True when the object, reference, repository or path does not exist.
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    /// True when Git would refuse the repository as owned by someone else (safe.directory).
    public var isOwnership: Bool { code == GIT_EOWNER.rawValue }

    /// True when an object could not be read or parsed: a damaged loose object or pack, or one
    /// that is missing although something refers to it. `git fsck` tells which.
    public var isObjectDamage: Bool {
        [GIT_ERROR_ODB, GIT_ERROR_ZLIB, GIT_ERROR_OBJECT, GIT_ERROR_TREE, GIT_ERROR_TAG].contains { $0.rawValue == klass }
    }

    /// "<message> (<function>, code <code>)".
    public var description: String { "\(message) (\(function), code \(code))" }

    /// Captures `git_error_last()` right after `function` returned `code`; the last error is
    /// thread-local in libgit2, so this must run on the thread that made the call.
    static func last(code: Int32, function: String) -> GitError {
        guard let error = git_error_last(), let text = error.pointee.message else {
            return GitError(code: code, klass: 0, message: "libgit2 returned \(code)", function: function)
        }
        let message = String(cString: text)
        if code == GIT_EBUFS.rawValue, let name = GitError.overlongReferenceName(message) {
            return GitError(code: code, klass: error.pointee.klass, message: GitError.overlongReference(name), function: function)
        }
        return GitError(code: code, klass: error.pointee.klass, message: message, function: function)
    }

    /// Git allows reference names of any length; libgit2 1.5 normalizes them into a 1,024-byte
    /// buffer (GIT_REFNAME_MAX) and cannot read, resolve or write a longer one.
    static let referenceNameLimit = 1_024

    /// The name in libgit2's "the provided buffer is too short to hold the normalization of '…'".
    private static func overlongReferenceName(_ message: String) -> String? {
        let marker = "too short to hold the normalization of '"
        guard let start = message.range(of: marker)?.upperBound else { return nil }
        return String(message[start...].dropLast(message.hasSuffix("'") ? 1 : 0))
    }

    /// A message that names the reference by its start (a name this long is no use quoted whole).
    private static func overlongReference(_ name: String) -> String {
        let excerpt = String(decoding: name.utf8.prefix(60), as: UTF8.self).unicodeScalars
            .map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f ? String($0) : "?" }.joined()
        return "reference '\(excerpt)…' is \(name.utf8.count) bytes long: git-deploy reads references through "
            + "libgit2 1.5, which handles names up to \(referenceNameLimit) bytes; rename it (git branch -m) to a shorter name"
    }
}

/// Throws a `GitError` naming `function` when a libgit2 status is negative (libgit2's error convention).
@inline(__always)
func check(_ status: Int32, _ function: String) throws(GitError) {
    if status < 0 { throw GitError.last(code: status, function: function) }
}

/// libgit2's codes as plain `Int32`, for comparing statuses.
enum Status {
    static let notFound = GIT_ENOTFOUND.rawValue
    static let iterationOver = GIT_ITEROVER.rawValue
}
