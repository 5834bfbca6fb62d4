import Foundation
internal import CLibGit2

/// Which commits a walk visits: reachable from `include`, not reachable from any of `exclude` (Git's `B ^A ^C`).
public struct CommitRange: Sendable, Equatable {
    /// Where the walk starts.
    public var include: [ObjectID]
    /// Commits whose history is left out.
    public var exclude: [ObjectID]

    /// A range from explicit start and stop points.
    public init(include: [ObjectID], exclude: [ObjectID] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// `from..to`; a nil or zero `from` (pre-push's new ref) means all of `to`'s history.
    public static func between(_ from: ObjectID?, _ to: ObjectID) -> CommitRange {
        guard let from, !from.isZero else { return CommitRange(include: [to]) }
        return CommitRange(include: [to], exclude: [from])
    }
}

/// The order a walk yields commits in.
public enum WalkOrder: Sendable {
    /// No parent before all of its children, ties by commit date (libgit2's topological sort,
    /// which breaks some ties otherwise than `git log --date-order`). The whole range is read
    /// before the first commit is returned.
    case topological
    /// `git log`'s own order: newest commit date first among the commits reached so far. With
    /// nothing excluded, nothing is read ahead, so stopping early saves the rest (finding the
    /// nearest tag); with exclusions the range is read first, as Git does, to know what is left out.
    case incremental
}

extension Repository {
    /// Starts a lazy walk over `range`, newest first.
    public func walk(_ range: CommitRange, order: WalkOrder = .topological) throws(GitError) -> CommitWalk {
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, handle), "git_revwalk_new")
        let walk = CommitWalk(repository: self, walker: walker!)
        try walk.start(range, order: order)
        return walk
    }
}

/// Lazily yields the commits of a range through libgit2's revwalk (which reads `commit-graph`
/// files when the repository has them), newest first, so callers can stop early; and lists
/// what each one changed (`TreeDiff`).
public final class CommitWalk {
    // Holding the repository keeps its handle alive as long as the walker that borrows it.
    private let repository: Repository
    private let walker: OpaquePointer
    private var shallow: ShallowBoundary?
    private var isShallow = false  // asked once: libgit2 stats .git/shallow on every call
    private var finished = false

    /// How many commits `next()` has returned.
    public private(set) var visited = 0

    /// True when `commit` is a boundary of a shallow clone (listed in `.git/shallow`): its parents
    /// are missing, so history ends there and `changedPaths(of:)` lists its whole tree, as
    /// `git log` shows such a commit, rather than what it changed.
    public func isShallowBoundary(_ commit: CommitInfo) -> Bool {
        shallow?.commits.contains(commit.id) == true
    }

    init(repository: Repository, walker: OpaquePointer) {
        self.repository = repository
        self.walker = walker
    }

    deinit { git_revwalk_free(walker) }

    func start(_ range: CommitRange, order: WalkOrder) throws(GitError) {
        isShallow = repository.isShallow
        if isShallow { try holdBackBoundary(of: range) }
        // Unsorted, libgit2 follows Git's revision.c: a queue by commit date, and with hidden
        // commits the range read first (`limit_list`, with Git's allowance for skewed clocks).
        let sorting = order == .topological ? GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue : GIT_SORT_NONE.rawValue
        try check(git_revwalk_sorting(walker, sorting), "git_revwalk_sorting")
        // Git starts from its command line sorted by commit date, newest first, ties in the
        // order given (`prepare_revision_walk`); libgit2 starts from the commits in the order
        // they were pushed and hidden, so they are pushed in Git's order.
        var starts: [(id: ObjectID, hide: Bool, time: Int64)] = []
        for id in range.include {
            starts.append((id, false, try repository.commitTime(id)))
        }
        for id in range.exclude where !id.isZero {
            // Hiding a boundary commit directly makes libgit2 parse its missing parents; the
            // hide callback already hides it, and ShallowBoundary.next() honours the exclusion.
            if shallow?.commits.contains(id) == true { continue }
            // The remote's old tip or a recorded deployment may never have been fetched: hiding
            // what we do not have changes nothing, as with `git rev-list B ^A` on an unknown A's history.
            let time: Int64
            do throws(GitError) {
                time = try repository.commitTime(id)
            } catch where error.isNotFound {
                continue
            }
            starts.append((id, true, time))
        }
        let ordered = starts.enumerated().sorted { a, b in
            a.element.time != b.element.time ? a.element.time > b.element.time : a.offset < b.offset
        }
        for (_, start) in ordered {
            var oid = start.id.raw
            if start.hide {
                try check(git_revwalk_hide(walker, &oid), "git_revwalk_hide")
            } else {
                try check(git_revwalk_push(walker, &oid), "git_revwalk_push")
            }
        }
    }

    /// The next commit, or nil when the range is exhausted (or a shallow clone's history ends).
    public func next() throws(GitError) -> CommitInfo? {
        guard !finished else { return nil }
        var oid = git_oid()
        let status = git_revwalk_next(&oid, walker)
        if status == Status.iterationOver || (status == Status.notFound && isShallow) {
            // The boundary of a shallow clone comes last: it is the oldest history we have.
            if let boundary = shallow?.next() { return try commit(boundary) }
            finished = true
            return nil
        }
        try check(status, "git_revwalk_next")
        let info = try commit(ObjectID(oid))
        shallow?.reached(from: info)
        return info
    }

    private func commit(_ id: ObjectID) throws(GitError) -> CommitInfo {
        let info = try repository.commit(id)
        visited += 1
        return info
    }

    /// Calls `visit` with each file path `commit` changed against its first parent (the root
    /// commit, or a shallow boundary: against the empty tree), as `git diff-tree -r --name-only
    /// --no-renames` lists them (full paths, deleted paths included, directories not listed),
    /// until `visit` returns false or a limit of `limits` is reached.
    @discardableResult
    public func changedPaths(of commit: CommitInfo, limits: DiffLimits = .standard,
                             _ visit: (String) -> Bool) throws(GitError) -> PathListing {
        // A commit made by hand (a test double) does not know its tree.
        let newTree = if let tree = commit.tree { tree } else { try repository.treeID(of: commit.id) }
        // A shallow clone's boundary commit has a parent id but no parent: Git then shows it
        // as a root commit (everything added), and so do we.
        let oldTree = try commit.parents.first.flatMap { parent throws(GitError) -> ObjectID? in
            if isShallowBoundary(commit) { return nil }
            do throws(GitError) {
                return try repository.treeID(of: parent)
            } catch where isShallow && error.isNotFound {
                return nil
            }
        }
        return try TreeDiff.paths(in: repository, from: oldTree, to: newTree, limits: limits, visit)
    }

    /// libgit2 1.5 ignores `.git/shallow` and fails on the first parent a shallow clone cut off;
    /// with a topological sort that happens before the first commit is returned. A hide callback
    /// can only keep a commit's parents from being parsed by hiding the commit itself, so the
    /// boundary commits are hidden from libgit2 and handed out by `next()` once it is done.
    private func holdBackBoundary(of range: CommitRange) throws(GitError) {
        let boundary = ShallowBoundary(repository: repository, range: range)
        guard !boundary.commits.isEmpty else { return }
        shallow = boundary
        let hide: git_revwalk_hide_cb = { id, payload in
            guard let id, let payload else { return 0 }
            let boundary = Unmanaged<ShallowBoundary>.fromOpaque(payload).takeUnretainedValue()
            return boundary.commits.contains(ObjectID(id)) ? 1 : 0
        }
        // `shallow` keeps the boundary alive as long as the walker that calls back with it.
        let payload = Unmanaged.passUnretained(boundary).toOpaque()
        try check(git_revwalk_add_hide_cb(walker, hide, payload), "git_revwalk_add_hide_cb")
    }
}

/// The boundary commits of a shallow clone (listed in `.git/shallow`) and which of them a walk
/// has reached, in the order it reached them.
private final class ShallowBoundary {
    let commits: Set<ObjectID>
    private let repository: Repository
    private let exclude: [ObjectID]
    private var reached: [ObjectID] = []
    private var handedOut = 0

    init(repository: Repository, range: CommitRange) {
        self.repository = repository
        exclude = range.exclude
        let listed = (try? String(contentsOfFile: repository.commonDirectory + "/shallow", encoding: .utf8)) ?? ""
        commits = Set(listed.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: String($0)) })
        for id in range.include where commits.contains(id) && !reached.contains(id) { reached.append(id) }
    }

    /// Notes the boundary parents of a commit the walk returned.
    func reached(from commit: CommitInfo) {
        for parent in commit.parents where commits.contains(parent) && !reached.contains(parent) {
            reached.append(parent)
        }
    }

    /// The next reached boundary commit that no excluded commit leads to.
    func next() -> ObjectID? {
        while handedOut < reached.count {
            let candidate = reached[handedOut]
            handedOut += 1
            // A failed check (history missing below an excluded commit) counts as "not excluded".
            let isExcluded = exclude.contains { (try? repository.isAncestor(candidate, of: $0)) == true }
            if !isExcluded { return candidate }
        }
        return nil
    }
}
