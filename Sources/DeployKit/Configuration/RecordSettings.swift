/// `records:` in `.deploy.yml`: how the deployment history is written and trusted (DESIGN §8).
public struct RecordSettings: Sendable, Equatable {
    /// `records.require-signed`: history entries are written as signed notes commits (the user's
    /// own Git signing configuration, ssh or gpg), and the promotion gate counts only entries
    /// whose notes commit `git verify-commit` accepts.
    public var requireSigned = false

    public init(requireSigned: Bool = false) {
        self.requireSigned = requireSigned
    }

    /// Reads the `records:` mapping; `origins` gets where each key was written.
    static func parse(_ node: ConfigNode, origins: inout [String: String]) throws(DeployError) -> RecordSettings {
        var settings = RecordSettings()
        let fields = try node.fields(ConfigurationSchema.children(of: "records"))
        if let value = fields["require-signed"] {
            settings.requireSigned = try value.bool()
            origins["records.require-signed"] = value.origin
        }
        return settings
    }
}
