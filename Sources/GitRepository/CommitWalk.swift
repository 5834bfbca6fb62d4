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
    /// No parent before all of its children, ties by commit date (`git log --date-order`).
    /// The whole range is read before the first commit is returned.
    case topological
    /// `git log`'s own order: newest commit date first among the commits reached so far. With
    /// nothing excluded, nothing is read ahead, so stopping early saves the rest (finding the
    /// nearest tag); with exclusions the range is read first, as Git does, to know what is left out.
    case incremental
}

extension Repository {
    /// Starts a lazy walk over `range`, newest first.
    public func walk(_ range: CommitRange, order: WalkOrder = .topological) throws(GitError) -> CommitWalk {
        try walk(range, order: order, treeBudget: TreeStore.defaultBudget)
    }

    /// `walk(_:order:)` with the bytes of trees its diffs may keep for later diffs (tests use tiny budgets).
    func walk(_ range: CommitRange, order: WalkOrder, treeBudget: Int) throws(GitError) -> CommitWalk {
        let walk = try CommitWalk(repository: self, treeBudget: treeBudget)
        try walk.start(range, order: order)
        return walk
    }
}

/// Lazily yields the commits of a range, newest first, so callers can stop early; and lists
/// what each one changed.
///
/// Why not libgit2's revwalk: it parses each commit once to walk and `git_commit_lookup` parses
/// it again to read it, through libgit2's object cache both times. Here each commit is read
/// once (`ObjectStore`) and parsed in place (`ParsedCommit`), the way `git log` reads it; the
/// order and the limiting follow Git's `revision.c` (`limit_list`, `process_parents`).
public final class CommitWalk {
    private struct Node {
        let id: ObjectID
        var flags: Flags = []
        /// The parents the walk follows: none for a shallow clone's boundary commit.
        var parents: [ObjectID] = []
        var parsed: ParsedCommit?
        /// The raw commit, kept from when it was read until it is returned.
        var raw: RawObject?
        /// A commit of a shape `ParsedCommit` leaves to libgit2, read through libgit2.
        var info: CommitInfo?

        /// The committer date, by which the walk orders commits (0 until the commit is read).
        var date: Int64 { parsed?.time ?? info.map { Int64($0.time.timeIntervalSince1970) } ?? 0 }

        var tree: ObjectID? { parsed?.tree ?? info?.tree }
    }

    private struct Flags: OptionSet {
        let rawValue: UInt8
        static let loaded = Flags(rawValue: 1)
        static let seen = Flags(rawValue: 2)
        static let uninteresting = Flags(rawValue: 4)
        static let queued = Flags(rawValue: 8)
    }

    // Holding the repository keeps its handle alive as long as the reads that borrow it.
    private let repository: Repository
    private let objects: ObjectStore
    private let trees: TreeStore
    private var nodes: [Node] = []
    private var positions = HashTable<ObjectID, Int>()
    private var queue = CommitQueue()
    private var interestingQueued = 0
    // The whole walk, when it was read up front (exclusions, or topological order).
    private var readAhead: [Int]?
    private var returned = 0
    private var keptBytes = 0
    private let shallowCommits: Set<ObjectID>
    private var prefetcher: PathPrefetcher?
    // The walk position of the prefetcher's first job.
    private var prefetchBase = 0

    /// Raw commits kept between reading a commit and returning it, when the range is read up front.
    static let keptCommitBudget = 64 << 20

    /// How many commits `next()` has returned.
    public private(set) var visited = 0

    /// True when `commit` is a boundary of a shallow clone (listed in `.git/shallow`): its parents
    /// are missing, so history ends there and `changedPaths(of:)` lists its whole tree, as
    /// `git log` shows such a commit, rather than what it changed.
    public func isShallowBoundary(_ commit: CommitInfo) -> Bool {
        shallowCommits.contains(commit.id)
    }

    init(repository: Repository, treeBudget: Int) throws(GitError) {
        self.repository = repository
        objects = try repository.objects()
        trees = TreeStore(objects: objects, budget: treeBudget)
        if repository.isShallow {
            let listed = (try? String(contentsOfFile: repository.commonDirectory + "/shallow", encoding: .utf8)) ?? ""
            shallowCommits = Set(listed.split(whereSeparator: \.isNewline).compactMap { ObjectID(hex: String($0)) })
        } else {
            shallowCommits = []
        }
    }

    deinit { prefetcher?.stop() }

    func start(_ range: CommitRange, order: WalkOrder) throws(GitError) {
        for id in range.include {
            let index = node(id)
            try load(index)
            push(index)
        }
        var excluded = false
        for id in range.exclude where !id.isZero {
            let index = node(id)
            do throws(GitError) {
                try load(index)
            } catch where error.isNotFound {
                // The remote's old tip or a recorded deployment may never have been fetched: hiding
                // what we do not have changes nothing, as with `git rev-list B ^A` on an unknown A's history.
                continue
            }
            markUninteresting(index)
            markParentsUninteresting(of: index)
            push(index)
            excluded = true
        }
        if excluded || order == .topological {
            var walk = try limit()
            if order == .topological { walk = topologicalOrder(walk) }
            readAhead = walk
        }
    }

    /// The next commit, or nil when the range is exhausted.
    public func next() throws(GitError) -> CommitInfo? {
        let index: Int
        if let readAhead {
            guard returned < readAhead.count else { return nil }
            index = readAhead[returned]
            returned += 1
        } else {
            guard let popped = pop() else { return nil }
            try processParents(of: popped)
            index = popped
        }
        visited += 1
        return try commitInfo(index)
    }

    /// Says that the caller will ask for the changed paths of (up to) the next `count` commits,
    /// in the order they come: when the walk has read its range ahead and there is a second
    /// core, a second thread starts listing them from the oldest end (see `PathPrefetcher`).
    public func prefetchChangedPaths(count: Int) throws(GitError) {
        try prefetchChangedPaths(count: count, minimum: CommitWalk.prefetchMinimum)
    }

    /// Below this many commits a second thread is not worth starting.
    static let prefetchMinimum = 256

    func prefetchChangedPaths(count: Int, minimum: Int) throws(GitError) {
        guard prefetcher == nil, let readAhead, AvailableCores.count > 1 else { return }
        let end = min(readAhead.count, returned + max(count, 0))
        guard end - returned >= minimum else { return }
        var jobs: [PathPrefetcher.Job?] = []
        jobs.reserveCapacity(end - returned)
        for position in returned..<end {
            let node = nodes[readAhead[position]]
            // A shallow boundary is not diffed; a parent the walk did not read is left to `changedPaths`.
            guard let tree = node.tree, !shallowCommits.contains(node.id) else {
                jobs.append(nil)
                continue
            }
            guard let parent = node.parents.first else {
                jobs.append(PathPrefetcher.Job(newTree: tree, oldTree: nil))
                continue
            }
            let parentTree = positions[parent].flatMap { nodes[$0].tree }
            jobs.append(parentTree.map { PathPrefetcher.Job(newTree: tree, oldTree: $0) })
        }
        let objects = try ObjectStore(repository: repository)
        let prefetcher = PathPrefetcher(jobs: jobs, trees: TreeStore(objects: objects, budget: trees.budget))
        prefetchBase = returned
        self.prefetcher = prefetcher
        prefetcher.start()
    }

    /// Stops listing paths ahead (the caller needs no more), after the diff in progress.
    public func stopPrefetching() {
        prefetcher?.stop()
    }

    /// Paths changed by `commit` against its first parent (the root commit: against the empty tree); no rename detection, no blobs loaded, unchanged subtrees skipped (see `TreeDiff`); directories are not listed, only file paths, with full paths ("services/api/x.txt"). Deleted paths included.
    public func changedPaths(of commit: CommitInfo) throws(GitError) -> [String] {
        if let prefetcher, let readAhead, returned > prefetchBase, nodes[readAhead[returned - 1]].id == commit.id,
           let listed = prefetcher.takeResult(returned - 1 - prefetchBase) {
            return try listed.get()
        }
        // A commit made by hand (a test double) does not know its tree.
        let newTree = if let tree = commit.tree { tree } else { try treeID(of: commit.id) }
        // A shallow clone's boundary commit has a parent id but no parent: Git then shows it
        // as a root commit (everything added), and so do we.
        let oldTree = try commit.parents.first.flatMap { parent throws(GitError) -> ObjectID? in
            shallowCommits.contains(commit.id) ? nil : try treeID(of: parent)
        }
        return try TreeDiff.paths(from: oldTree, to: newTree, in: trees)
    }

    // MARK: - Reading commits

    private func node(_ id: ObjectID) -> Int {
        if let index = positions[id] { return index }
        nodes.append(Node(id: id))
        positions[id] = nodes.count - 1
        return nodes.count - 1
    }

    /// Reads the commit of `index` once: its date, tree and parents, and its bytes for later.
    private func load(_ index: Int) throws(GitError) {
        guard !nodes[index].flags.contains(.loaded) else { return }
        let id = nodes[index].id
        let raw: RawObject
        let parsed: ParsedCommit?
        if let kept = objects.takeKept(id) {
            (raw, parsed) = kept
        } else {
            raw = try objects.read(id)
            guard raw.kind == .commit else {
                throw GitError(code: GIT_EINVALIDSPEC.rawValue, klass: Int32(GIT_ERROR_INVALID.rawValue),
                               message: "object \(id.hex) is a \(raw.kind), not a commit", function: "git_revwalk_push")
            }
            parsed = ParsedCommit(raw.bytes)
        }
        if let parsed {
            nodes[index].parsed = parsed
            nodes[index].parents = parsed.parents
            // Uninteresting commits are never returned; past the budget, a commit is read again when returned.
            if !nodes[index].flags.contains(.uninteresting), keptBytes < CommitWalk.keptCommitBudget {
                nodes[index].raw = raw
                keptBytes += raw.bytes.count
            }
        } else {
            let info = try repository.commit(id)
            nodes[index].info = info
            nodes[index].parents = info.parents
        }
        // A shallow clone's boundary has parents Git never fetched: Git treats it as a root.
        if shallowCommits.contains(id) { nodes[index].parents = [] }
        nodes[index].flags.insert(.loaded)
    }

    private func commitInfo(_ index: Int) throws(GitError) -> CommitInfo {
        if let info = nodes[index].info { return info }
        guard let parsed = nodes[index].parsed else { return try repository.commit(nodes[index].id) }
        let raw: RawObject
        if let kept = nodes[index].raw {
            raw = kept
            nodes[index].raw = nil
            keptBytes -= kept.bytes.count
        } else {
            raw = try objects.read(nodes[index].id)
        }
        return CommitInfo(id: nodes[index].id, parsed: parsed, raw: raw.bytes)
    }

    /// The root tree of `commit`: known when the walk read it, else read now.
    private func treeID(of commit: ObjectID) throws(GitError) -> ObjectID {
        if let index = positions[commit], let tree = nodes[index].tree { return tree }
        let raw = try objects.read(commit)
        if raw.kind == .commit, let parsed = ParsedCommit(raw.bytes) { return parsed.tree }
        return try repository.treeID(of: commit)
    }

    // MARK: - Git's walk (revision.c)

    private func push(_ index: Int) {
        guard !nodes[index].flags.contains(.seen) else { return }
        nodes[index].flags.insert([.seen, .queued])
        if !nodes[index].flags.contains(.uninteresting) { interestingQueued += 1 }
        queue.push(index, date: nodes[index].date)
    }

    private func pop() -> Int? {
        guard let index = queue.pop() else { return nil }
        nodes[index].flags.remove(.queued)
        if !nodes[index].flags.contains(.uninteresting) { interestingQueued -= 1 }
        return index
    }

    private func markUninteresting(_ index: Int) {
        guard !nodes[index].flags.contains(.uninteresting) else { return }
        nodes[index].flags.insert(.uninteresting)
        if nodes[index].flags.contains(.queued) { interestingQueued -= 1 }
        // Never returned: its bytes are not needed any more.
        if let raw = nodes[index].raw {
            keptBytes -= raw.bytes.count
            nodes[index].raw = nil
        }
    }

    /// Queues the parents of a commit just taken from the queue (`process_parents`). Parents of an
    /// uninteresting commit become uninteresting, and one that cannot be read is skipped there.
    private func processParents(of index: Int) throws(GitError) {
        let uninteresting = nodes[index].flags.contains(.uninteresting)
        for parentID in nodes[index].parents {
            let parent = node(parentID)
            if uninteresting {
                markUninteresting(parent)
                do { try load(parent) } catch { continue }
                markParentsUninteresting(of: parent)
            } else {
                try load(parent)
            }
            push(parent)
        }
    }

    /// Marks what is already known of `index`'s history uninteresting (`mark_parents_uninteresting`).
    private func markParentsUninteresting(of index: Int) {
        var pending = nodes[index].parents.map(node)
        while let next = pending.popLast() {
            guard !nodes[next].flags.contains(.uninteresting) else { continue }
            markUninteresting(next)
            pending.append(contentsOf: nodes[next].parents.map(node))
        }
    }

    /// Reads the range up front (`limit_list`): stops once everything left to read is
    /// uninteresting, allowing five more commits for clocks that went backwards (Git's SLOP).
    private func limit() throws(GitError) -> [Int] {
        let slopCommits = 5
        var walked: [Int] = []
        var date = Int64.max
        var slop = slopCommits
        while let index = pop() {
            try processParents(of: index)
            if nodes[index].flags.contains(.uninteresting) {
                markParentsUninteresting(of: index)
                // still_interesting
                guard let first = queue.firstDate else { break }
                if date <= first || interestingQueued > 0 {
                    slop = slopCommits
                } else {
                    slop -= 1
                    if slop == 0 { break }
                }
                continue
            }
            date = nodes[index].date
            walked.append(index)
        }
        return walked.filter { !nodes[$0].flags.contains(.uninteresting) }
    }

    /// `walked` reordered so that no commit comes before all of its children, ties by date.
    private func topologicalOrder(_ walked: [Int]) -> [Int] {
        var children: [Int: Int] = [:]
        let members = Set(walked)
        for index in walked {
            for parent in nodes[index].parents {
                if let position = positions[parent], members.contains(position) { children[position, default: 0] += 1 }
            }
        }
        var ready = CommitQueue()
        for index in walked where children[index] == nil { ready.push(index, date: nodes[index].date) }
        var ordered: [Int] = []
        ordered.reserveCapacity(walked.count)
        while let index = ready.pop() {
            ordered.append(index)
            for parent in nodes[index].parents {
                guard let position = positions[parent], let count = children[position] else { continue }
                if count == 1 {
                    children[position] = nil
                    ready.push(position, date: nodes[position].date)
                } else {
                    children[position] = count - 1
                }
            }
        }
        return ordered
    }
}
