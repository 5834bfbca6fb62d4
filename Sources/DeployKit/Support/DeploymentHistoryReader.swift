import GitRepository

/// What the inference stage needs from the deployment history (DESIGN §8): the commit of the last
/// successful deployment of an environment.
public protocol DeploymentHistoryReader {
    func lastSuccessfulCommit(environment: String) throws -> ObjectID?
}
