import Foundation
import GitRepository

/// What lead time needs from the commit graph: the commits a deployment reached first.
public protocol CommitGraphReading {
    /// True when `commit` is in this repository (an entry fetched from another clone may name one that is not).
    func contains(_ commit: ObjectID) -> Bool
    /// Each commit reachable from `commit` and not from `baseline` (`commit ^baseline`), with its committer time.
    func commits(reaching commit: ObjectID, notFrom baseline: ObjectID) throws(DeployError) -> [(id: ObjectID, time: Date)]
}

/// The repository's own graph, walked with libgit2's revwalk (`CommitWalk`).
public struct RepositoryCommitGraph: CommitGraphReading {
    public let repository: Repository

    public init(repository: Repository) {
        self.repository = repository
    }

    public func contains(_ commit: ObjectID) -> Bool {
        (try? repository.commit(commit)) != nil
    }

    public func commits(reaching commit: ObjectID, notFrom baseline: ObjectID) throws(DeployError) -> [(id: ObjectID, time: Date)] {
        try DeployError.reading("walk \(commit.short) ^\(baseline.short)") {
            // Unsorted: only the set matters, and libgit2 then stops as soon as the range is known.
            let walk = try repository.walk(CommitRange(include: [commit], exclude: [baseline]), order: .incremental)
            var found: [(id: ObjectID, time: Date)] = []
            while let info = try walk.next() { found.append((info.id, info.time)) }
            return found
        }
    }
}
