import Foundation
import GitRepository

/// What the outdated-deployment gate compares: the commit being deployed and the one the
/// environment runs now (its newest successful deployment in history).
public struct OutdatedFacts: Sendable, Equatable {
    public let deploying: ObjectID
    public let deployingSubject: String
    public let running: ObjectID
    public let runningSubject: String
    /// The history entry of the running deployment.
    public let runningDeployment: String
    /// `deploying` is an ancestor of `running` and not the same commit.
    public let isOlder: Bool

    public init(deploying: ObjectID, deployingSubject: String, running: ObjectID, runningSubject: String,
                runningDeployment: String, isOlder: Bool) {
        self.deploying = deploying
        self.deployingSubject = deployingSubject
        self.running = running
        self.runningSubject = runningSubject
        self.runningDeployment = runningDeployment
        self.isOlder = isOlder
    }
}

extension Gate {
    /// GitLab's "prevent outdated deployment jobs": deploying a strict ancestor of what the
    /// environment runs would take it backwards. A rollback does that on purpose, and
    /// `--allow-outdated` says so for a standard deployment; redeploying the running commit, or
    /// one on another line of history, is not outdated. `facts` nil: nothing to compare with.
    public static func outdated(environment: String, facts: OutdatedFacts?, rollback: Bool, allowOutdated: Bool) -> GateResult {
        let name = GateName.outdated
        guard let facts else { return .pass(name, "\(environment) has no successful deployment to compare with") }
        let deploying = "\(facts.deploying.short) \"\(Excerpt.quote(facts.deployingSubject))\""
        let running = "\(facts.running.short) \"\(Excerpt.quote(facts.runningSubject))\""
        if facts.deploying == facts.running { return .pass(name, "\(deploying) is what \(environment) runs now (a redeploy)") }
        guard facts.isOlder else { return .pass(name, "\(deploying) is not older than \(running), which \(environment) runs now") }
        let reason = "\(deploying) is older than \(running), which \(environment) runs now (\(Excerpt.quote(facts.runningDeployment)))"
        if rollback { return .pass(name, "\(reason): a rollback goes back on purpose") }
        if allowOutdated { return .warn(name, "\(reason): deployed anyway (--allow-outdated)") }
        return .fail(name, "\(reason); deploying it would take \(environment) backwards. Deploy a newer commit, roll back on purpose "
                     + "(git deploy rollback \(environment) --to \(facts.deploying.short)), or pass --allow-outdated")
    }
}

/// Reads the outdated gate's facts from the repository (issue 14, item 4).
enum OutdatedCheck {
    /// The facts for deploying `commit` to `environment`, from the history as it is now on disk.
    ///
    /// The executor calls this while it holds the environment's lock, and reads the history
    /// afresh rather than from the plan's snapshot: the plan was made before the lock was taken,
    /// and a run that held the lock meanwhile may have recorded a newer deployment. Two runs racing
    /// (one deploying new N, one older O) would otherwise both read "the environment runs M" before
    /// either recorded, both pass, and O would go out after N. A holder records before it releases,
    /// so the run that waited sees N and is stopped. (Across machines this holds as far as the
    /// history itself is shared: `git deploy history --fetch/--push`.)
    static func facts(environment: String, commit: ObjectID?, snapshot: RepositorySnapshot) throws(DeployError) -> OutdatedFacts? {
        guard let commit, let running = try runningDeployment(environment, snapshot: snapshot) else { return nil }
        let repository = snapshot.repository
        // A running commit this clone lacks (history fetched, objects not) cannot be compared: not outdated.
        let isOlder = commit != running.commit
            && ((try? repository.isAncestor(commit, of: running.commit)) ?? false)
        return OutdatedFacts(deploying: commit, deployingSubject: subject(of: commit, in: repository),
                             running: running.commit, runningSubject: subject(of: running.commit, in: repository),
                             runningDeployment: running.id, isOlder: isOlder)
    }

    /// The environment's newest successful deployment. Under `records.require-signed` only a
    /// signed one counts, as for the promotion gate: anyone who can push refs/notes/deployments
    /// can write a success of an unrelated commit dated in the future, which would make every
    /// older commit look "not older" for good.
    private static func runningDeployment(_ environment: String, snapshot: RepositorySnapshot) throws(DeployError) -> DeploymentRecord? {
        let store = snapshot.history.store
        guard snapshot.configuration.records.requireSigned else { return try HistoryView(store: store).lastSuccessful(environment: environment) }
        let limit = InputLimits.outdatedSignedCandidates
        let candidates = try store.read(HistoryQuery(environment: environment, statuses: [.succeeded], limit: limit)).entries
        let check = SignedPromotionCheck(repository: snapshot.repository)
        var checked = Set<ObjectID>()
        for entry in candidates where checked.insert(entry.commit).inserted {
            if case .verified = try check.check(environment: environment, commit: entry.commit) { return entry }
        }
        guard candidates.count < limit else {
            throw DeployError(.blocked, "blocked by outdated: the newest \(limit) successful deployments of \(environment) in \(store.ref) are unsigned or unverified (records.require-signed), so what \(environment) runs now is unknown",
                              hint: "see them with git deploy history --env \(environment); signed records are written by git deploy with user.signingkey set")
        }
        return nil
    }

    private static func subject(of commit: ObjectID, in repository: Repository) -> String {
        (try? repository.commit(commit).subject) ?? "(commit not in this clone)"
    }
}
