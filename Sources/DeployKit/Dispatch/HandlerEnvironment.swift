import GitRepository

/// What a handler (and a backup, and a probe command) is told about its deployment (DESIGN §7
/// "Dispatch"): the hand-off, plus what only a run knows.
public struct HandlerContext: Sendable, Equatable {
    public var handoff: Handoff
    /// The commit a rollback returns to.
    public var rollbackTo: ObjectID?
    /// Path of `.deployment_config`.
    public var configFile: String?
    /// Path of the merged application configuration JSON (AppConfigMerger), once written.
    public var appConfig: String?

    public init(handoff: Handoff, rollbackTo: ObjectID? = nil, configFile: String? = nil, appConfig: String? = nil) {
        self.handoff = handoff
        self.rollbackTo = rollbackTo
        self.configFile = configFile
        self.appConfig = appConfig
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
        "DEPLOY_PACKAGE", "DEPLOY_EMERGENCY_REASON",
    ]

    /// Name/value pairs in `keys` order. DEPLOY_OPTIONS is space-separated, as the seed passes options.
    public static func variables(for context: HandlerContext) -> [(name: String, value: String)] {
        let h = context.handoff
        let values: [String?] = [
            h.id, h.environment, h.target?.rawValue, h.platform?.rawValue, h.mode.rawValue, h.complexity.rawValue,
            h.options.map(\.rawValue).joined(separator: " "), h.commit?.hex, h.branch, h.tag, h.safetyLevel.rawValue,
            h.pipeline, context.rollbackTo?.hex, context.configFile, context.appConfig, h.release.version,
            h.release.manager, h.release.mode.rawValue, h.package, h.emergencyReason,
        ]
        return zip(keys, values).map { (name: $0, value: $1 ?? "") }
    }

    /// The same as a dictionary, ready for `HandlerCommand.environment`.
    public static func dictionary(for context: HandlerContext) -> [String: String] {
        Dictionary(uniqueKeysWithValues: variables(for: context).map { ($0.name, $0.value) })
    }
}
