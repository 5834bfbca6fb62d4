/// The values a handler is told about its deployment (DESIGN §7 "Dispatch"); nil means unknown.
public struct HandlerContext: Sendable, Equatable {
    public var deployID: String?
    public var environment: String?
    public var target: String?
    public var platform: String?
    public var mode: String?
    public var complexity: String?
    /// Option flags as written on the command line, e.g. ["--multi-service"].
    public var options: [String]
    public var commit: String?
    public var branch: String?
    public var tag: String?
    public var safetyLevel: String?
    public var pipeline: String?
    public var rollbackTo: String?
    /// Path of `.deployment_config`.
    public var configFile: String?
    /// Path of the merged application configuration JSON (AppConfigMerger).
    public var appConfig: String?
    public var releaseVersion: String?
    public var releaseManager: String?
    public var releaseMode: String?

    public init(deployID: String? = nil, environment: String? = nil, target: String? = nil, platform: String? = nil,
                mode: String? = nil, complexity: String? = nil, options: [String] = [], commit: String? = nil,
                branch: String? = nil, tag: String? = nil, safetyLevel: String? = nil, pipeline: String? = nil,
                rollbackTo: String? = nil, configFile: String? = nil, appConfig: String? = nil,
                releaseVersion: String? = nil, releaseManager: String? = nil, releaseMode: String? = nil) {
        self.deployID = deployID
        self.environment = environment
        self.target = target
        self.platform = platform
        self.mode = mode
        self.complexity = complexity
        self.options = options
        self.commit = commit
        self.branch = branch
        self.tag = tag
        self.safetyLevel = safetyLevel
        self.pipeline = pipeline
        self.rollbackTo = rollbackTo
        self.configFile = configFile
        self.appConfig = appConfig
        self.releaseVersion = releaseVersion
        self.releaseManager = releaseManager
        self.releaseMode = releaseMode
    }
}

/// The DEPLOY_* and RELEASE_* variables of DESIGN §7. Every key is always set — to "" when the
/// value is unknown — so a handler can use `set -u` and tell "unknown" from "not git-deploy".
public enum HandlerEnvironment {
    /// The variable names in DESIGN §7's order.
    public static let keys = [
        "DEPLOY_ID", "DEPLOY_ENVIRONMENT", "DEPLOY_TARGET", "DEPLOY_PLATFORM", "DEPLOY_MODE", "DEPLOY_COMPLEXITY",
        "DEPLOY_OPTIONS", "DEPLOY_COMMIT", "DEPLOY_BRANCH", "DEPLOY_TAG", "DEPLOY_SAFETY_LEVEL", "DEPLOY_PIPELINE",
        "DEPLOY_ROLLBACK_TO", "DEPLOY_CONFIG_FILE", "DEPLOY_APP_CONFIG", "RELEASE_VERSION", "RELEASE_MANAGER", "RELEASE_MODE",
    ]

    /// Name/value pairs in `keys` order. DEPLOY_OPTIONS is space-separated, as the seed passes options.
    public static func variables(for context: HandlerContext) -> [(name: String, value: String)] {
        let values: [String?] = [
            context.deployID, context.environment, context.target, context.platform, context.mode, context.complexity,
            context.options.joined(separator: " "), context.commit, context.branch, context.tag, context.safetyLevel,
            context.pipeline, context.rollbackTo, context.configFile, context.appConfig, context.releaseVersion,
            context.releaseManager, context.releaseMode,
        ]
        return zip(keys, values).map { (name: $0, value: $1 ?? "") }
    }

    /// The same as a dictionary, ready for `HandlerCommand.environment`.
    public static func dictionary(for context: HandlerContext) -> [String: String] {
        Dictionary(uniqueKeysWithValues: variables(for: context).map { ($0.name, $0.value) })
    }
}
