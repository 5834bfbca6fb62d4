import DeployCore
import GitRepository

/// Why an option is part of the deployment: the commit and path that implied it (DESIGN §4).
public struct OptionEvidence: Sendable, Equatable {
    public let option: DeployOption
    /// nil for options given on the command line or implied by a ref rule.
    public let commit: ObjectID?
    public let subject: String?
    public let path: String?
    /// "command line", "ref rule release/*", "subject", "footer BREAKING CHANGE", "trailer Deploy-Options", "path".
    public let reason: String

    public init(option: DeployOption, commit: ObjectID? = nil, subject: String? = nil, path: String? = nil, reason: String) {
        self.option = option
        self.commit = commit
        self.subject = subject
        self.path = path
        self.reason = reason
    }
}

/// The result of the first four stages (DESIGN §1): everything `explain` prints and the hand-off needs.
public struct Explanation: Sendable {
    public var environment: EnvironmentDefinition
    public var environmentSource: String
    public var platform: Platform?
    public var platformSource: String
    /// The file or directory that shows the platform's files are in the tree (detection's
    /// evidence, also when `--type` was given); nil when there are none.
    public var platformFiles: String?
    /// Everything detection found in the tree, strongest first ("k8s: helm-chart/Chart.yaml (strong)").
    public var platformEvidence: [String] = []
    public var options: [DeployOption]
    public var optionEvidence: [OptionEvidence]
    public var routing: RoutingResult
    public var pipeline: String?
    /// The commit being deployed; nil before the first commit.
    public var commit: ObjectID?
    public var branch: String?
    public var tag: String?
    public var release: ReleaseContext
    /// What the commit scan read: a range description and a count (nil when it did not run).
    public var scan: ScanSummary?
    /// Things worth saying that did not stop the decision.
    public var warnings: [String]
    /// The monorepo package a package tag deploys (`api@1.2.3`), nil otherwise.
    public var package: PackageDefinition? = nil
    /// Where the environment's gate values came from (the default branch's policy).
    public var policy: PolicySummary? = nil

    public var decision: Decision? { routing.decision }
    public var target: Target? { routing.decision?.target }
    public var routingKey: RoutingKey? { routing.decision?.key }
}

/// Which commits the option scan read.
public struct ScanSummary: Sendable, Equatable {
    public let range: String
    public let commitsRead: Int
    public let stoppedEarly: Bool
    public let capped: Bool
    /// Paths that would have implied an option but are excluded (tests, docs): "--database-migration:
    /// apps/api/migrations/x.spec.ts (commit a1b2c3d) excluded by **/*.spec.*". At most a few.
    public let excluded: [String]

    public init(range: String, commitsRead: Int, stoppedEarly: Bool, capped: Bool, excluded: [String] = []) {
        self.range = range
        self.commitsRead = commitsRead
        self.stoppedEarly = stoppedEarly
        self.capped = capped
        self.excluded = excluded
    }
}
