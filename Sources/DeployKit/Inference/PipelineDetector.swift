import GitRepository

/// The CI/CD system a `cicd-orchestrator` deployment hands to (DESIGN §4 "Pipeline type").
public enum PipelineDetector {
    /// First match: GitHub Actions › GitLab CI › Jenkins › CircleCI › Azure Pipelines › Bitbucket › Buildkite; nil for none.
    public static func detect(in tree: CommitTree) throws -> String? {
        let root = try tree.entries("") ?? []
        let files = Set(root.filter { $0.kind == .file || $0.kind == .symlink }.map(\.name))
        let directories = Set(root.filter { $0.kind == .directory }.map(\.name))

        if directories.contains(".github"), let workflows = try tree.entries(".github/workflows"), !workflows.isEmpty {
            return "github-actions"
        }
        if files.contains(".gitlab-ci.yml") { return "gitlab-ci" }
        if files.contains("Jenkinsfile") { return "jenkins" }
        if directories.contains(".circleci"), try tree.file(".circleci/config.yml") != nil { return "circleci" }
        if files.contains("azure-pipelines.yml") { return "azure-pipelines" }
        if files.contains("bitbucket-pipelines.yml") { return "bitbucket" }
        if directories.contains(".buildkite") { return "buildkite" }
        return nil
    }
}
