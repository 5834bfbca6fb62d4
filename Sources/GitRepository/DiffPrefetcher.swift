import Foundation
internal import CLibGit2

/// Computes a walk's changed paths on a second thread, ahead of the caller, while the walk's own
/// thread reads commits (the machines git-deploy runs on have at least two cores; `git log`
/// uses one). Tree reads are about half of a scan, commit reads and message parsing the other
/// half, so the two run side by side.
///
/// The thread has its own repository handle and tree store: libgit2 objects are never shared
/// between threads. Results are handed over under one lock, in the order the walk asked.
final class DiffPrefetcher {
    /// A diff to compute: a commit's root tree against its first parent's (nil = the empty tree).
    struct Task {
        let commit: ObjectID
        let tree: ObjectID
        let parentTree: ObjectID?
    }

    /// Shared with the thread; the prefetcher's deinit cancels it so the thread ends.
    private final class State: @unchecked Sendable {
        // Guards every field below.
        let condition = NSCondition()
        var tasks: [Task] = []
        var head = 0
        var results: [ObjectID: Result<[String], GitError>] = [:]
        var cancelled = false
        /// Set by the thread once it has freed its tree store and repository handle.
        var finished = false
    }

    private let state = State()

    /// Hands the thread its repository handle: created here, used (and dropped) only by that thread afterwards.
    private final class Handle: @unchecked Sendable {
        var repository: Repository?
        init(_ repository: Repository) { self.repository = repository }
    }

    /// Starts the thread on a second handle of the repository at `gitDirectory`.
    init(gitDirectory: String, treeBudget: Int) throws(GitError) {
        let handle = Handle(try Repository.open(at: gitDirectory))
        let state = self.state
        let thread = Thread {
            if let repository = handle.repository {
                DiffPrefetcher.work(state, trees: TreeStore(repository: repository, budget: treeBudget))
            }
            // The tree store is gone with `work`'s scope; the handle goes now, before anyone is
            // told the thread is done, so that nothing of it outlives `cancel()`.
            handle.repository = nil
            state.condition.lock()
            state.finished = true
            state.condition.broadcast()
            state.condition.unlock()
        }
        thread.name = "git-deploy diff prefetch"
        thread.start()
    }

    deinit { cancel() }

    /// The thread's loop: diffs in the order asked until cancelled.
    private static func work(_ state: State, trees: TreeStore) {
        while true {
            state.condition.lock()
            while state.head == state.tasks.count && !state.cancelled { state.condition.wait() }
            if state.cancelled {
                state.condition.unlock()
                return
            }
            let task = state.tasks[state.head]
            state.head += 1
            state.condition.unlock()

            let result = Result { () throws(GitError) -> [String] in
                trees.nextGeneration()
                let new = try trees.tree(task.tree)
                let old = try task.parentTree.map { id throws(GitError) in try trees.tree(id) }
                var diff = TreeDiff(trees: trees)
                try diff.compare(old, new)
                return diff.paths
            }

            state.condition.lock()
            state.results[task.commit] = result
            state.condition.broadcast()
            state.condition.unlock()
        }
    }

    func enqueue(_ task: Task) {
        state.condition.lock()
        state.tasks.append(task)
        // Drop handed-out tasks now and then, so the queue does not grow with the walk.
        if state.head > 1024 {
            state.tasks.removeFirst(state.head)
            state.head = 0
        }
        state.condition.signal()
        state.condition.unlock()
    }

    /// The changed paths of `commit`, waiting for the thread when it has not got there yet.
    func paths(of commit: ObjectID) throws(GitError) -> [String] {
        state.condition.lock()
        while state.results[commit] == nil { state.condition.wait() }
        let result = state.results.removeValue(forKey: commit)
        state.condition.unlock()
        switch result {
        case .success(let paths)?: return paths
        case .failure(let error)?: throw error
        case nil: return []
        }
    }

    /// Stops the thread after the diff it is computing and waits until it has freed what it
    /// holds; results not yet taken are dropped.
    func cancel() {
        state.condition.lock()
        state.cancelled = true
        state.condition.broadcast()
        while !state.finished { state.condition.wait() }
        state.condition.unlock()
    }
}
