import Foundation

/// Lists the changed paths of a walk's commits on a second thread while the caller works
/// through them on its own, each side taking commits from its end of the list (the caller
/// newest first, this thread oldest first) until they meet.
///
/// Why: a scan of a long range spends two thirds of its time in these diffs, one commit at a
/// time, and the commits are independent of each other. The second thread has its own object
/// store and tree store (neither is shared, so neither needs a lock); only the claims and the
/// results are shared, under one lock. The paths are the same whichever side computes them.
final class PathPrefetcher: @unchecked Sendable {
    /// One commit's diff: its tree, its first parent's tree (nil: a root commit, against the empty tree).
    struct Job {
        let newTree: ObjectID
        let oldTree: ObjectID?
    }

    private let jobs: [Job?]
    private let trees: TreeStore
    private let condition = NSCondition()
    // Positions below `front` are the caller's; from `back` up, this thread's.
    private var front = 0
    private var back: Int
    private var results: [Int: Result<[String], GitError>] = [:]
    private var working: Int?
    private var stopped = false
    private var finished = false
    private var started = false

    /// `jobs[i]` is the diff of the walk's i-th commit; nil for one the caller must do itself.
    init(jobs: [Job?], trees: TreeStore) {
        self.jobs = jobs
        self.trees = trees
        back = jobs.count
    }

    func start() {
        started = true
        let thread = Thread { [self] in run() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// The paths of the i-th commit if this thread has them or is about to (waiting for it);
    /// nil when the caller is to compute them itself, which it then owns.
    func takeResult(_ position: Int) -> Result<[String], GitError>? {
        condition.lock()
        defer { condition.unlock() }
        front = max(front, position + 1)
        while working == position { condition.wait() }
        return results.removeValue(forKey: position)
    }

    /// Stops after the diff in progress and waits for the thread to end.
    func stop() {
        guard started else { return }
        condition.lock()
        stopped = true
        while !finished { condition.wait() }
        condition.unlock()
    }

    private func run() {
        while let position = claim() {
            let result = jobs[position].map { job in
                Result(catching: { () throws(GitError) -> [String] in
                    try TreeDiff.paths(from: job.oldTree, to: job.newTree, in: trees)
                })
            }
            condition.lock()
            if let result { results[position] = result }
            working = nil
            condition.broadcast()
            condition.unlock()
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
}
