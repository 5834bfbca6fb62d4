import DeployCore

/// `environments.<env>.readiness`, `environments.<env>.backup` and `targets.<name>.scopes` (issue 17).
enum SafetyNetParser {
    /// `readiness: false`, or `{probes: [...], platform: argv | false, integrations: [...]}`.
    static func readiness(_ node: ConfigNode) throws(DeployError) -> ReadinessSettings {
        if case .scalar = node.node, !node.isNull {
            guard try !node.bool() else {
                throw node.error("readiness: true is the default; give false, or a mapping",
                                 hint: "e.g. readiness: {platform: false, probes: [{tcp: \"127.0.0.1:5432\"}]}")
            }
            return ReadinessSettings(enabled: false)
        }
        var settings = ReadinessSettings()
        guard !node.isNull else { return settings }
        let fields = try node.fields(ConfigurationSchema.children(of: "environments.<name>.readiness"))
        if let probes = fields["probes"] { settings.probes = try probeList(probes) }
        if let integrations = fields["integrations"] { settings.integrations = try probeList(integrations) }
        if let platform = fields["platform"] {
            if case .scalar = platform.node {
                guard try !platform.bool() else {
                    throw platform.error("platform: true is the default; give false, or the check as an argv list",
                                         hint: "e.g. platform: [kubectl, --context, prod, version, --request-timeout=5s]")
                }
                settings.platform = .disabled
            } else {
                let argv = try platform.strings(allowSingle: false)
                guard let program = argv.first, !program.isEmpty else { throw platform.error("the platform check is empty") }
                settings.platform = .command(argv, origin: platform.origin)
            }
        }
        return settings
    }

    private static func probeList(_ node: ConfigNode) throws(DeployError) -> [ProbeSettings] {
        var probes: [ProbeSettings] = []
        for item in try node.sequence() { probes.append(try ProbeParser.parse(item)) }
        return probes
    }

    /// `backup: [argv]` (a database backup, as before issue 17), or `{database: …, configuration: …, state: …}`
    /// where each is an argv list or `{run: argv, when: always | high-safety | database-migration | [platforms]}`.
    static func backups(_ node: ConfigNode) throws(DeployError) -> BackupSettings {
        if case .sequence = node.node {
            return BackupSettings(steps: [try step(.database, node)])
        }
        let kinds = BackupSettings.Kind.allCases.map(\.rawValue)
        let fields = try node.fields(kinds)
        var steps: [BackupSettings.Step] = []
        for kind in BackupSettings.Kind.allCases {
            if let value = fields[kind.rawValue] { steps.append(try step(kind, value)) }
        }
        return BackupSettings(steps: steps)
    }

    private static func step(_ kind: BackupSettings.Kind, _ node: ConfigNode) throws(DeployError) -> BackupSettings.Step {
        var runNode = node
        var when = kind.defaultWhen
        if case .mapping = node.node {
            let fields = try node.fields(ConfigurationSchema.children(of: "environments.<name>.backup.<kind>"))
            guard let run = fields["run"] else {
                throw node.error("a \(kind.rawValue) backup needs 'run'", hint: "e.g. \(kind.rawValue): {run: [./backup.sh], when: always}")
            }
            runNode = run
            if let whenNode = fields["when"] { when = try self.when(whenNode) }
        }
        if case .scalar = runNode.node {
            throw runNode.error("the \(kind.rawValue) backup must be an argv list (no shell runs it)", hint: "e.g. [pg_dump, -Fc, -f, /backups/app.dump, app]")
        }
        let argv = try runNode.strings(allowSingle: false)
        guard let program = argv.first, !program.isEmpty else {
            throw runNode.error("the \(kind.rawValue) backup command is empty", hint: "give an argv list, e.g. [pg_dump, -Fc, app]")
        }
        return BackupSettings.Step(kind: kind, run: argv, when: when, origin: node.origin)
    }

    private static func when(_ node: ConfigNode) throws(DeployError) -> BackupSettings.When {
        if case .sequence = node.node {
            var platforms: [Platform] = []
            for item in try node.sequence() {
                let name = try item.oneOf(Platform.allCases.map(\.rawValue))
                if let platform = Platform(rawValue: name) { platforms.append(platform) }
            }
            guard !platforms.isEmpty else { throw node.error("when: lists no platform", hint: "e.g. when: [k8s, docker], or when: always") }
            return .platforms(platforms)
        }
        switch try node.oneOf(BackupSettings.When.keywords) {
        case "always": return .always
        case "high-safety": return .highSafety
        default: return .databaseMigration
        }
    }

    /// `targets.<name>.scopes`: `{database: {run: [...]}, …}`; each inherits the target's timeout and env.
    static func scopes(_ node: ConfigNode, of target: TargetSettings) throws(DeployError) -> [RollbackScope: TargetSettings] {
        var scopes: [RollbackScope: TargetSettings] = [:]
        for (name, value) in try node.mapping() {
            guard let scope = RollbackScope(rawValue: name) else {
                throw value.error("unknown rollback scope '\(Excerpt.quote(name))'",
                                  hint: "scopes are \(RollbackScope.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let fields = try value.fields(ConfigurationSchema.children(of: "targets.<name>.scopes.<scope>"))
            guard let run = fields["run"] else {
                throw value.error("scope \(name) needs 'run'", hint: "e.g. \(name): {run: [./rollback-\(name).sh]}")
            }
            if case .scalar = run.node {
                throw run.error("'run' must be an argv list (no shell runs it)", hint: "write run: [\"./rollback-\(name).sh\"]")
            }
            let argv = try run.strings(allowSingle: false)
            guard let program = argv.first, !program.isEmpty else { throw run.error("'run' is empty") }
            var environment = target.environment
            if let env = fields["env"] {
                for (key, item) in try env.mapping() { environment[key] = try item.string() }
            }
            let timeout = try fields["timeout"]?.duration(InputLimits.minimumSeconds...InputLimits.handlerTimeoutSeconds) ?? target.timeout
            scopes[scope] = TargetSettings(run: argv, timeout: timeout, environment: environment, origin: value.origin)
        }
        return scopes
    }
}

extension ReadinessSettings {
    /// One line for `git deploy config`.
    var summary: String {
        guard enabled else { return "false" }
        var parts: [String] = []
        switch platform {
        case .builtIn: parts.append("platform: default")
        case .disabled: parts.append("platform: false")
        case .command(let argv, _): parts.append("platform: \(ShellQuoting.displayArgv(argv))")
        }
        if !probes.isEmpty { parts.append("\(probes.count) probe\(probes.count == 1 ? "" : "s")") }
        if !integrations.isEmpty { parts.append("\(integrations.count) integration probe\(integrations.count == 1 ? "" : "s")") }
        return parts.joined(separator: ", ")
    }
}

extension BackupSettings {
    /// One line for `git deploy config`.
    var summary: String {
        steps.map { "\($0.kind.rawValue) (when \($0.when)): \(ShellQuoting.displayArgv($0.run))" }.joined(separator: "; ")
    }
}
