/// `locks:` in `.deploy.yml`: where the one-deployment-per-environment lock lives (issue 14,
/// item 3). One small value, so that reading it from the trusted policy instead of the deployed
/// commit's file is a one-line change.
public struct LockSettings: Sendable, Equatable {
    /// `locks.remote`: a remote whose `refs/deploy/locks/<env>` is the lock, shared by every
    /// clone that pushes there; nil keeps the lock on this machine (`.git/deploy/locks/<env>`).
    public var remote: String?
    /// `locks.timeout`: seconds after which a remote lock counts as abandoned and is taken over;
    /// nil: the handler's timeout plus `expiryMargin`.
    public var timeout: Double?

    /// What a remote lock's holder may spend beyond its handler: backup, probes and the record.
    public static let expiryMargin: Double = 600

    public init(remote: String? = nil, timeout: Double? = nil) {
        self.remote = remote
        self.timeout = timeout
    }

    /// Reads the `locks:` mapping; `origins` gets where each key was written.
    static func parse(_ node: ConfigNode, origins: inout [String: String]) throws(DeployError) -> LockSettings {
        var settings = LockSettings()
        // Where the mapping is written: the origin of the `locks` policy key as a whole.
        origins["locks"] = node.origin
        let fields = try node.fields(ConfigurationSchema.children(of: "locks"))
        if let value = fields["remote"] {
            let remote = try value.string()
            // Handed to `git push` as an argument: refuse what git could read as an option.
            if let problem = NotesSync.validate(remote: remote) {
                throw value.error(problem, hint: "name a remote (git remote -v lists them), e.g. locks.remote: origin")
            }
            settings.remote = remote
            origins["locks.remote"] = value.origin
        }
        if let value = fields["timeout"] {
            settings.timeout = try value.duration(1...InputLimits.handlerTimeoutSeconds)
            origins["locks.timeout"] = value.origin
        }
        return settings
    }

    /// How long a remote lock taken now stays valid for a run whose handler may take `handlerTimeout`.
    public func expiry(handlerTimeout: Double?) -> Double {
        timeout ?? (handlerTimeout ?? TargetSettings.defaultTimeout) + LockSettings.expiryMargin
    }
}

extension RepositorySnapshot {
    /// The lock settings every run and `unlock` use: `locks` is a policy key (PolicyKeys), so
    /// this is the default branch's value unless the deployed commit's is the same.
    var lockSettings: LockSettings { configuration.locks }
}
