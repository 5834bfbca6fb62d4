import GitRepository

/// The deployment history as the planner and the gates see it (DESIGN §8): the recent successful
/// deployments of each environment are read once (from `RecentSuccesses`, whose cost does not grow
/// with the history) and kept, so that the scan range ("since the last
/// deployment"), the hand-off's previous commit and a rollback's target come from one read.
/// Writes go through `append`, which forgets what was kept.
public final class HistoryView {
    public let store: HistoryStore
    /// Per environment: its two newest successful deployments, newest first.
    private var recent: [String: [DeploymentRecord]] = [:]

    init(store: HistoryStore) {
        self.store = store
    }

    /// The newest successful deployments of `environment` (at most two, newest first): the one
    /// running now and the one before it, which is all a plan needs.
    public func recentSuccesses(environment: String) throws(DeployError) -> [DeploymentRecord] {
        if let kept = recent[environment] { return kept }
        let repository = store.repository
        guard let tip = try DeployError.reading("read \(store.ref)", { try repository.referenceTarget(store.ref) }) else { return [] }
        let entries = Array(try RecentSuccesses.entries(of: environment, store: store, tip: tip).prefix(2))
        recent[environment] = entries
        return entries
    }

    /// The newest successful deployment of `environment`, nil when there is none.
    public func lastSuccessful(environment: String) throws(DeployError) -> DeploymentRecord? {
        try recentSuccesses(environment: environment).first
    }

    /// Commits successfully deployed to `environment`, newest first, each once (a rollback's choices).
    public func successfulCommits(environment: String) throws(DeployError) -> [ObjectID] {
        var seen = Set<ObjectID>()
        return try store.read(HistoryQuery(environment: environment, statuses: [.succeeded])).entries
            .map(\.commit).filter { seen.insert($0).inserted }
    }

    /// The entries that record `commit` deployed successfully to `environment` (the promotion
    /// gate), newest note's view. Only the note on that commit can say so: the rest of history is not read.
    public func successfulDeployments(environment: String, commit: ObjectID) throws(DeployError) -> [DeploymentRecord] {
        try store.entries(on: commit).filter { $0.environment == environment && $0.status == .succeeded }
    }

    /// Appends an entry (see `HistoryStore.append`); later reads see it.
    @discardableResult
    public func append(_ entry: DeploymentRecord, identity: Identity) throws(DeployError) -> Int {
        recent = [:]
        return try store.append(entry, identity: identity)
    }
}
