import DeployCore
import GitRepository

/// Where the gates' values came from, kept in the effective configuration for `explain`,
/// `config --show-origin`, the warnings and the `allowed-refs` defaults.
public struct PolicyProvenance: Sendable {
    /// The default branch's tip; nil when there is none (the deployed configuration is the policy).
    public let location: PolicyLocation?
    /// Whether that commit has a `.deploy.yml` (without one, the built-in defaults are the policy).
    public let hasFile: Bool
    /// The policy's refs table (built-in rules included), for `allowed-refs` defaults; nil without a policy.
    public let refRules: [RefRule]?
    /// Each policy key whose deployed value would loosen the policy's.
    public let warnings: [PolicyWarning]

    /// One line: "origin/main at 1a2b3c4 (origin's default branch (refs/remotes/origin/HEAD)), 1a2b3c4:.deploy.yml".
    public var summary: String {
        guard let location else {
            return "none: no default branch (no policy.ref in git config, refs/remotes/origin/HEAD, main or master), "
                + "so the gates read the deployed .deploy.yml"
        }
        let file = hasFile ? location.file : "\(location.file) absent: built-in defaults"
        return "\(location.display) — \(location.reason); \(file)"
    }

    /// The origin shown for a policy key the policy's file does not set.
    func defaultOrigin() -> String {
        guard let location else { return "default" }
        return "default (policy \(location.display))"
    }
}

/// A policy key the deployed `.deploy.yml` would loosen; the policy's value applies instead.
public struct PolicyWarning: Sendable, Equatable {
    /// nil for a global key.
    public let environment: String?
    public let key: String
    public let text: String
}

/// Reads the trusted policy and lays its keys over the deployed configuration (issue 14, item 1).
public enum TrustedPolicy {
    /// `deployed` with every `PolicyKeys` value that would loosen the default branch's policy
    /// replaced by the policy's (stricter deployed values stay: anyone may tighten, nobody may
    /// loosen). Without a default branch, `deployed` as it is (and `policy` says so).
    public static func apply(to deployed: Configuration, repository: Repository) throws(DeployError) -> Configuration {
        guard let location = try PolicySource.locate(in: repository) else {
            var configuration = deployed
            configuration.policy = PolicyProvenance(location: nil, hasFile: false, refRules: nil, warnings: [])
            return configuration
        }
        let (trusted, hasFile) = try isPolicyFile(deployed, location, repository)
            ? (deployed, true) : load(location, repository: repository)
        return merge(deployed: deployed, trusted: trusted, location: location, hasFile: hasFile)
    }

    /// Whether `deployed` was already read from the policy's own `.deploy.yml`: a bare
    /// repository's configuration is HEAD's, and on a server HEAD is the default branch (every
    /// pre-receive), so the same blob is not read and parsed a second time.
    private static func isPolicyFile(_ deployed: Configuration, _ location: PolicyLocation, _ repository: Repository) -> Bool {
        guard repository.workTreeRoot == nil, deployed.sourceFile == location.file else { return false }
        switch try? repository.head() {
        case .branch(_, let id)?, .detached(let id)?: return id == location.commit
        case .unborn?, nil: return false
        }
    }

    /// The policy commit's `.deploy.yml`, read from its tree (no work tree needed); the defaults without one.
    static func load(_ location: PolicyLocation, repository: Repository) throws(DeployError) -> (Configuration, Bool) {
        let origin = location.file
        do {
            guard let bytes = try RepositoryFile.read(ConfigurationLoader.fileName, in: location.commit, repository: repository,
                                                      origin: origin, limit: InputLimits.deployConfigBytes) else {
                return (.defaults, false)
            }
            return (try ConfigurationLoader.parse(bytes, file: origin), true)
        } catch {
            // A broken policy is never silently the defaults: those may lack its freeze windows.
            let policy = "this .deploy.yml is the deployment policy, read from \(location.display) (\(location.reason)): fix it there"
            throw DeployError(error.kind, error.message, hint: error.hint.map { "\($0); \(policy)" } ?? policy, cause: error)
        }
    }

    static func merge(deployed: Configuration, trusted: Configuration, location: PolicyLocation, hasFile: Bool) -> Configuration {
        var effective = deployed
        var warnings: [PolicyWarning] = []
        let provenance = PolicyProvenance(location: location, hasFile: hasFile, refRules: trusted.refRules, warnings: [])
        let shared = deployed.environments.definitions.map(\.name).filter { trusted.environments.definition(named: $0) != nil }
        for key in PolicyKeys.all {
            for environment in key.scope == .environment ? shared : [""] {
                let path = key.path(environment)
                let policyText = key.text(trusted, environment)
                let ownText = key.text(deployed, environment)
                // At least as strict as the policy (a freeze added on a release branch, a higher
                // safety level): the deployed value applies, as written there.
                if policyText != ownText && !key.loosens(trusted, deployed, environment) { continue }
                key.adopt(&effective, trusted, environment)
                let policyOrigin = trusted.origins[path] ?? provenance.defaultOrigin()
                effective.origins[path] = policyOrigin
                guard policyText != ownText else { continue }
                let own = deployed.sourceFile.map { "the deployed \($0)" } ?? "the deployed commit (no .deploy.yml)"
                warnings.append(PolicyWarning(
                    environment: key.scope == .environment ? environment : nil, key: path,
                    text: "\(path): \(own) would loosen the policy (\(ownText), \(deployed.origins[path] ?? "not set")); "
                        + "the policy of \(location.display) applies: \(policyText) (\(policyOrigin))"))
            }
        }
        effective.policy = PolicyProvenance(location: location, hasFile: hasFile, refRules: trusted.refRules, warnings: warnings)
        return effective
    }
}

/// The policy as `explain` shows it for one environment: its source and each value with its origin.
public struct PolicySummary: Sendable {
    public let source: String
    public let location: PolicyLocation?
    /// Whether the policy's values come from a `.deploy.yml` (the default branch's, or the deployed one without a policy).
    public let hasFile: Bool
    public let values: [ConfigSetting]

    public init(environment: String, configuration: Configuration) {
        let provenance = configuration.policy
        source = provenance?.summary ?? "the deployed .deploy.yml"
        location = provenance?.location
        hasFile = provenance.map { $0.location == nil ? configuration.sourceFile != nil : $0.hasFile } ?? (configuration.sourceFile != nil)
        values = PolicyKeys.all.map { key in
            let path = key.path(environment)
            return ConfigSetting(key: path, value: key.text(configuration, environment),
                                 origin: configuration.origins[path] ?? provenance?.defaultOrigin() ?? "default")
        }
    }

    /// The policy warnings that concern a deployment to `environment` (its keys and the global ones).
    public static func warnings(for environment: String, in configuration: Configuration) -> [String] {
        (configuration.policy?.warnings ?? []).filter { $0.environment == nil || $0.environment == environment }.map(\.text)
    }

    public var json: JSONValue {
        .object([
            ("source", .string(source)),
            ("ref", .optional(location?.resolved)),
            ("commit", .optional(location?.commit.hex)),
            ("file", .optional(location.map { _ in ConfigurationLoader.fileName })),
            ("values", .array(values.map { .object([("key", .string($0.key)), ("value", .string($0.value)), ("origin", .string($0.origin))]) })),
        ])
    }
}
