import GitRepository

/// What the other stages need from the deployment history (DESIGN §8): the last successful
/// deployment of an environment (for "since the last deployment" ranges and hand-offs) and
/// whether a commit was deployed successfully somewhere (the promotion gate).
public protocol DeploymentHistoryReader {
    func lastSuccessfulCommit(environment: String) throws -> ObjectID?
    func hasSuccessfulDeployment(environment: String, commit: ObjectID) throws -> Bool
    /// Commits successfully deployed to the environment, newest first, each once.
    func successfulCommits(environment: String) throws -> [ObjectID]
}

/// Where a finished deployment is written down (DESIGN §8: history note and metrics file).
public protocol DeploymentRecorder {
    func record(_ run: DeploymentRun) throws(DeployError)
}
