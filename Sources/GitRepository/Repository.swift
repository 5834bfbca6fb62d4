import Foundation
internal import CLibGit2
internal import CLibGit2Startup

/// A Git repository opened through libgit2; every read of the repository goes through it (DESIGN §4).
public final class Repository {
    let handle: OpaquePointer

    private init(taking handle: OpaquePointer) { self.handle = handle }

    deinit { git_repository_free(handle) }

    /// Opens the repository containing `path` (nil = current directory) as Git would: walks up to find it,
    /// and when path is nil honours GIT_DIR / GIT_WORK_TREE / GIT_CEILING_DIRECTORIES as hooks need.
    public static func discover(startingAt path: String? = nil) throws(GitError) -> Repository {
        LibGit2.initialize()
        var repository: OpaquePointer?
        if let path {
            try check(git_repository_open_ext(&repository, path, 0, nil), "git_repository_open_ext")
        } else {
            // FROM_ENV is what lets a hook see the repository Git runs it for (GIT_DIR is set then,
            // and the current directory may be a linked worktree or the git dir of a bare repo).
            let flags = GIT_REPOSITORY_OPEN_FROM_ENV.rawValue
            try check(git_repository_open_ext(&repository, nil, flags, nil), "git_repository_open_ext")
        }
        let opened = Repository(taking: repository!)
        try opened.checkPackIndexes()
        // Git checks ownership only for a repository it discovers; one named by GIT_DIR is trusted.
        let environment = ProcessInfo.processInfo.environment
        if path != nil || environment["GIT_DIR"] == nil {
            try Ownership.verify(opened, environment: environment)
        }
        return opened
    }

    /// Opens exactly `path` (a work tree or a git directory), without walking up; like a GIT_DIR,
    /// an explicitly named repository gets no ownership check.
    public static func open(at path: String) throws(GitError) -> Repository {
        LibGit2.initialize()
        var repository: OpaquePointer?
        try check(git_repository_open(&repository, path), "git_repository_open")
        let opened = Repository(taking: repository!)
        try opened.checkPackIndexes()
        return opened
    }

    /// See `PackIndexCheck`; GIT_OBJECT_DIRECTORY moves the objects, as libgit2 honours it.
    private func checkPackIndexes() throws(GitError) {
        // One variable: getenv, as libgit2 reads it, not a dictionary of the whole environment.
        let objects = getenv("GIT_OBJECT_DIRECTORY").map { String(cString: $0) } ?? commonDirectory + "/objects"
        try PackIndexCheck.verify(packDirectory: objects + "/pack")
    }

    /// The git directory (`.git`, `.git/worktrees/<name>` for a linked worktree), without trailing slash.
    public var gitDirectory: String { Repository.trimmed(git_repository_path(handle)) }

    /// The directory shared by all worktrees (the main `.git`), without trailing slash.
    public var commonDirectory: String { Repository.trimmed(git_repository_commondir(handle)) }

    /// The root of the work tree without trailing slash; nil for a bare repository.
    public var workTreeRoot: String? { git_repository_workdir(handle).map(Repository.trimmed) }

    /// True for a bare repository.
    public var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// True for a shallow clone (history is cut off at `.git/shallow`).
    public var isShallow: Bool { git_repository_is_shallow(handle) == 1 }

    /// True for a linked worktree (`git worktree add`).
    public var isWorktree: Bool { git_repository_is_worktree(handle) == 1 }

    /// libgit2 reports directories with a trailing slash; nobody else does.
    private static func trimmed(_ path: UnsafePointer<CChar>?) -> String {
        guard let path else { return "" }
        let text = String(cString: path)
        return text.count > 1 && text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}

/// libgit2 must be initialised once per process before any other call; a global `let` is
/// initialised lazily and exactly once, even when several threads race to it.
enum LibGit2 {
    private static let initialized: Void = {
        // Referencing the startup shim keeps it linked, so init skips the CA bundle (startup.c).
        _ = git_deploy_startup_shim_linked()
        _ = git_libgit2_init()
        // libgit2's strict hash verification stays on (its default): every object read is
        // checked against its id, so a damaged or forged object is an error, never other bytes.
        //
        // A walk's diffs look each directory up twice (as the new side of one commit's diff and
        // the old side of the next that changed it): libgit2's cache keeps parsed trees for the
        // second look. Its default skips trees over 4 KiB, which a busy directory (a migrations
        // folder of 1,500 files is 60 KiB) outgrows; the whole cache is capped well below its
        // 256 MiB default so that a long scan stays small.
        _ = git_deploy_set_cache_object_limit(GIT_OBJECT_TREE, LibGit2.treeCacheObjectLimit)
        _ = git_deploy_set_cache_max_size(LibGit2.cacheMaxSize)
        // Git's own safe.directory rules are applied instead, after discovery (see Ownership).
        _ = git_deploy_set_owner_validation(0)
    }()

    /// The largest tree libgit2's cache keeps (bytes of the raw object).
    static let treeCacheObjectLimit = 1 << 20
    /// All objects libgit2's cache keeps at once (bytes of raw objects).
    static let cacheMaxSize = 32 << 20

    static func initialize() { _ = initialized }
}
