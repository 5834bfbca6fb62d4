import Foundation

/// Reads a walk's commits and lists their changed paths on a second thread while the caller
/// works through them on its own, each side taking commits from its end of the list (the
/// caller newest first, this thread oldest first) until they meet.
///
/// Why: a scan of a long range spends most of its time reading objects (inflating them,
/// checking their hashes, parsing them), one commit at a time, and each commit is independent
/// of the others. The thread opens its own repository handle (libgit2 handles are not to be shared
/// between threads; its pack files and object cache limits are process-wide and thread-safe), so
/// only the claims and the results are shared, under one lock. A listing is the same whichever
/// side computes it: the thread lists a commit's paths in full (up to `limits`), and the caller's
/// visitor is then called with them in order, stopping where it would have stopped.
final class CommitPrefetcher: @unchecked Sendable {
    /// One commit read ahead: the commit, its changed paths in order, and how the listing ended.
    struct Item: Sendable {
        let commit: CommitInfo
        let paths: [String]
        let outcome: PathListing
    }

    private let commits: [ObjectID]
    private let opener: Repository.Opener
    /// The limits every listing is made within.
    let limits: DiffLimits
    private let condition = NSCondition()
    // Positions below `front` are the caller's; from `back` up, this thread's.
    private var front = 0
    private var back: Int
    private var results: [Int: Item] = [:]
    private var working: Int?
    private var stopped = false
    private var finished = false

    /// `commits[i]` is the walk's i-th commit from where the prefetch starts.
    init(commits: [ObjectID], opener: Repository.Opener, limits: DiffLimits) {
        self.commits = commits
        self.opener = opener
        self.limits = limits
        back = commits.count
    }

    func start() {
        // A diff descends at most `DiffLimits.depth` levels: the main thread's stack size is enough.
        let thread = Thread { [self] in run() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The i-th commit if this thread has read it or is about to (waiting for it); nil when the
    /// caller is to read it itself, as it does when this thread failed to (the caller then meets
    /// the same error, at the same commit, as without a second thread).
    func takeResult(_ position: Int) -> Item? {
        condition.lock()
        defer { condition.unlock() }
        front = max(front, position + 1)
        while working == position { condition.wait() }
        return results.removeValue(forKey: position)
    }

    /// Stops after the diff in progress and waits for the thread to end.
    func stop() {
        condition.lock()
        stopped = true
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func run() {
        // Without its own handle the thread can do nothing: the caller then lists every commit.
        if let repository = try? opener.open() {
            while let position = claim() {
                let item = try? read(commits[position], in: repository)
                condition.lock()
                results[position] = item
                working = nil
                condition.broadcast()
                condition.unlock()
            }
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped, back > front else { return nil }
        back -= 1
        working = back
        return back
    }

    /// The commit `id` and what `CommitWalk.changedPaths(of:)` lists for it (the prefetch never
    /// runs on a shallow clone, whose boundary commits are listed otherwise).
    private func read(_ id: ObjectID, in repository: Repository) throws(GitError) -> Item {
        let commit = try repository.commit(id)
        let oldTree = try commit.parents.first.map { parent throws(GitError) in try repository.treeID(of: parent) }
        var paths: [String] = []
        let outcome = try TreeDiff.paths(in: repository, from: oldTree, to: commit.tree!, limits: limits) { path in
            paths.append(path)
            return true
        }
        return Item(commit: commit, paths: paths, outcome: outcome)
    }
}
