import DeployCore
import Foundation

/// Layers a `.deploy.yml` over the embedded defaults, validating as it goes (DESIGN §9).
struct ConfigurationBuilder {
    static let rootKeys = ConfigurationSchema.children(of: "")
    static let environmentKeys = ConfigurationSchema.children(of: "environments.<name>")

    private var environments: [EnvironmentDefinition] = EnvironmentCatalog.defaults.definitions
    private var environmentSettings: [String: EnvironmentSettings] = [:]
    private var userRefRules: [RefRule] = []
    private var userRoutes: [Rule] = []
    private var replaceDefaultRoutes = false
    private var targets: [String: TargetSettings] = [:]
    private var inference = InferenceSettings.defaults
    private var verify: [String: VerifySettings] = [:]
    private var records = RecordSettings()
    private var monitor = MonitorHandoffSettings()
    private var release = ReleaseSettings()
    private var locks = LockSettings()
    private var platform: Platform?
    private var packages: [PackageDefinition] = []
    /// Where each setting key was written; absent means "default".
    private var origins: [String: String] = [:]

    // MARK: Applying a file

    mutating func apply(_ root: ConfigNode) throws(DeployError) {
        let fields = try root.fields(Self.rootKeys)
        // Environments first: every other section may name them.
        if let node = fields["environments"] { try applyEnvironments(node) }
        if let node = fields["targets"] { try applyTargets(node) }
        if let node = fields["inference"] { try applyInference(node) }
        if let node = fields["refs"] { try applyRefs(node) }
        if let node = fields["routes-replace-defaults"] {
            replaceDefaultRoutes = try node.bool()
            origins["routes-replace-defaults"] = node.origin
        }
        if let node = fields["routes"] { try applyRoutes(node) }
        if let node = fields["verify"] { try applyVerify(node) }
        if let node = fields["records"] { records = try RecordSettings.parse(node, origins: &origins) }
        if let node = fields["monitor"] { monitor = try MonitorHandoffSettings.parse(node, origins: &origins) }
        if let node = fields["platform"] {
            let name = try node.oneOf(["auto"] + Platform.allCases.map(\.rawValue))
            platform = Platform(rawValue: name)
            origins["platform"] = node.origin
        }
        if let node = fields["packages"] {
            packages = try PackageDefinition.parse(node)
            origins["packages"] = node.origin
        }
        if let node = fields["release"] { release = try ReleaseSettings.parse(node, origins: &origins) }
        if let node = fields["locks"] { locks = try LockSettings.parse(node, origins: &origins) }
        try checkPromotionSources()
    }

    private mutating func applyEnvironments(_ node: ConfigNode) throws(DeployError) {
        for (name, value) in try node.mapping() {
            try checkName(name, kind: "environment", at: value)
            let fields = value.isNull ? [:] : try value.fields(Self.environmentKeys)
            var definition = environments.first { $0.name == name }
                ?? EnvironmentDefinition(name: name, safety: .medium)
            let isNew = !environments.contains { $0.name == name }
            if let safety = fields["safety"] {
                let level = try safety.oneOf(SafetyLevel.allCases.map(\.rawValue))
                definition.safety = SafetyLevel(rawValue: level) ?? .medium
                origins["environments.\(name).safety"] = safety.origin
            } else if isNew {
                throw value.error("a new environment needs a safety level", hint: "add 'safety: low', 'medium' or 'high'")
            }
            if let aliases = fields["aliases"] {
                definition.aliases = try aliases.strings()
                for alias in definition.aliases { try checkName(alias, kind: "alias", at: aliases) }
                origins["environments.\(name).aliases"] = aliases.origin
            }
            if isNew {
                environments.append(definition)
                origins["environments.\(name)"] = value.origin
            } else if let index = environments.firstIndex(where: { $0.name == name }) {
                environments[index] = definition
            }

            var settings = environmentSettings[name] ?? EnvironmentSettings()
            if let source = fields["require-promotion-from"] {
                settings.requirePromotionFrom = try source.string()
                origins["environments.\(name).require-promotion-from"] = source.origin
            }
            if let freeze = fields["freeze"] {
                settings.freeze = try FreezeWindowParser.parse(freeze)
                origins["environments.\(name).freeze"] = freeze.origin
            }
            if let backup = fields["backup"] {
                settings.backups = try SafetyNetParser.backups(backup)
                origins["environments.\(name).backup"] = backup.origin
            }
            if let readiness = fields["readiness"] {
                settings.readiness = try SafetyNetParser.readiness(readiness)
                origins["environments.\(name).readiness"] = readiness.origin
            }
            if let autoDispatch = fields["auto-dispatch"] {
                settings.autoDispatch = try autoDispatch.autoDispatch()
                origins["environments.\(name).auto-dispatch"] = autoDispatch.origin
            }
            if let allow = fields["allow"] {
                settings.allow = try AllowedRefs.parse(allow)
                origins["environments.\(name).allow"] = allow.origin
            }
            environmentSettings[name] = settings
        }
        try checkAliasesAreUnique(node)
    }

    private func checkAliasesAreUnique(_ node: ConfigNode) throws(DeployError) {
        var owner: [String: String] = [:]
        for definition in environments {
            for name in [definition.name] + definition.aliases {
                let key = name.lowercased()
                if let other = owner[key], other != definition.name {
                    throw node.error("'\(name)' names both '\(other)' and '\(definition.name)'",
                                     hint: "each environment name and alias may belong to one environment only")
                }
                owner[key] = definition.name
            }
        }
    }

    private func checkPromotionSources() throws(DeployError) {
        for (name, settings) in environmentSettings.sorted(by: { $0.key < $1.key }) {
            guard let source = settings.requirePromotionFrom else { continue }
            guard environments.contains(where: { $0.name == source }) else {
                let origin = origins["environments.\(name).require-promotion-from"] ?? "default"
                let suggestion = nearestName(to: source, in: environments.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                throw DeployError.badInput("\(origin): environments.\(name).require-promotion-from: unknown environment '\(source)'\(suggestion)")
            }
        }
    }

    private mutating func applyTargets(_ node: ConfigNode) throws(DeployError) {
        for (name, value) in try node.mapping() {
            try checkName(name, kind: "target", at: value)
            let fields = try value.fields(ConfigurationSchema.children(of: "targets.<name>"))
            let shell = try fields["shell"]?.bool() ?? false
            guard let run = fields["run"] else {
                throw value.error("a target needs 'run'", hint: "give the handler as an argv list, e.g. run: [./deploy.sh, --env, staging]")
            }
            let argv: [String]
            if shell {
                argv = [try run.string()]
            } else {
                if case .scalar = run.node {
                    throw run.error("'run' must be an argv list (no shell runs it)",
                                    hint: "write run: [\"./deploy.sh\", \"--fast\"], or add 'shell: true' to have /bin/sh run one string")
                }
                argv = try run.strings(allowSingle: false)
            }
            guard let program = argv.first, !program.isEmpty else { throw run.error("'run' is empty") }
            var environment: [String: String] = [:]
            if let env = fields["env"] {
                for (key, item) in try env.mapping() { environment[key] = try item.string() }
            }
            let timeout = try fields["timeout"]?.duration(InputLimits.minimumSeconds...InputLimits.handlerTimeoutSeconds) ?? TargetSettings.defaultTimeout
            var target = TargetSettings(run: argv, shell: shell, timeout: timeout, environment: environment, origin: value.origin)
            if let scopes = fields["scopes"] { target.scopes = try SafetyNetParser.scopes(scopes, of: target) }
            targets[name] = target
        }
    }

    private mutating func applyInference(_ node: ConfigNode) throws(DeployError) {
        let pathOptions = DeployOption.allCases.filter { $0 != .multiService }.map { String($0.rawValue.dropFirst(2)) }
        let fields = try node.fields(ConfigurationSchema.children(of: "inference").filter { $0 != "<option>" } + pathOptions)
        if let maxCommits = fields["max-commits"] {
            inference.maxCommits = try maxCommits.int(min: 1, max: 10_000_000)
            origins["inference.max-commits"] = maxCommits.origin
        }
        if let excluded = fields["excluded-paths"] {
            inference.excludedPaths = excluded.isNull ? [] : try globs(excluded)
            origins["inference.excluded-paths"] = excluded.origin
        }
        if let roots = fields["service-roots"] {
            inference.serviceRoots = try globs(roots)
            origins["inference.service-roots"] = roots.origin
        }
        for name in pathOptions {
            guard let value = fields[name], let option = DeployOption(flag: name) else { continue }
            let patterns = try globs(value)
            if let index = inference.pathRules.firstIndex(where: { $0.option == option }) {
                inference.pathRules[index].globs = patterns
            } else {
                inference.pathRules.append((option, patterns))
            }
            origins["inference.\(name)"] = value.origin
        }
    }

    private func globs(_ node: ConfigNode) throws(DeployError) -> [GlobPattern] {
        var patterns: [GlobPattern] = []
        if case .scalar = node.node, !node.isNull { return [try node.glob()] }
        for item in try node.sequence() { patterns.append(try item.glob()) }
        return patterns
    }

    private mutating func applyRefs(_ node: ConfigNode) throws(DeployError) {
        for item in try node.sequence() {
            let fields = try item.fields(ConfigurationSchema.children(of: "refs[]"))
            let (kind, matcher) = try AllowedRefs.refPattern(fields, of: item, named: "a ref rule")
            guard let environmentNode = fields["environment"] else {
                throw item.error("a ref rule needs 'environment'", hint: "name the environment this \(kind.rawValue) deploys to")
            }
            let environment = try resolveEnvironment(environmentNode)
            var options: [DeployOption] = []
            if let optionsNode = fields["options"] {
                for word in try optionsNode.strings() {
                    guard let option = DeployOption(flag: word) else {
                        throw optionsNode.error("unknown option '\(word)'",
                                                hint: "known: \(DeployOption.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    options.append(option)
                }
            }
            userRefRules.append(RefRule(kind: kind, matcher: matcher, environment: environment, options: options, origin: item.origin))
        }
    }

    /// An environment named in the file: a known name or alias, resolved to its name.
    private func resolveEnvironment(_ node: ConfigNode) throws(DeployError) -> String {
        let name = try node.string()
        switch EnvironmentCatalog(definitions: environments).resolve(name) {
        case .success(let definition): return definition.name
        case .failure(let unknown):
            throw node.error(unknown.description, hint: "define it under environments: (with a safety level) or use a known one")
        }
    }

    private mutating func applyRoutes(_ node: ConfigNode) throws(DeployError) {
        for item in try node.sequence() {
            let fields = try item.fields(ConfigurationSchema.children(of: "routes[]"))
            guard let keyNode = fields["key"], let targetNode = fields["target"] else {
                throw item.error("a route needs 'key: \"ENV,COMPLEXITY,MODE\"' and 'target: NAME'")
            }
            let key = try keyNode.string()
            let parts = key.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3 else {
                throw keyNode.error("'\(key)' is not ENV,COMPLEXITY,MODE", hint: "three fields separated by commas, * for any: \"staging,complex,*\"")
            }
            var environmentField = parts[0]
            if environmentField != "*" && environmentField != "any" {
                switch EnvironmentCatalog(definitions: environments).resolve(environmentField) {
                case .success(let definition): environmentField = definition.name
                case .failure(let unknown): throw keyNode.error(unknown.description)
                }
            }
            try checkField(parts[1], allowed: Complexity.allCases.map(\.rawValue), what: "complexity", at: keyNode)
            try checkField(parts[2], allowed: Mode.allCases.map(\.rawValue), what: "mode", at: keyNode)
            let target = try targetNode.string()
            let known = Target.builtIn.map(\.rawValue) + targets.keys.sorted()
            guard known.contains(target) else {
                let suggestion = nearestName(to: target, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                throw targetNode.error("unknown target '\(target)'\(suggestion)",
                                       hint: "use a built-in target (\(Target.builtIn.map(\.rawValue).joined(separator: ", "))) or define it under targets:")
            }
            userRoutes.append(Rule(environment: FieldPattern(environmentField), complexity: FieldPattern(parts[1]),
                                   mode: FieldPattern(parts[2]), target: Target(rawValue: target), origin: item.origin))
        }
    }

    private func checkField(_ value: String, allowed: [String], what: String, at node: ConfigNode) throws(DeployError) {
        guard value != "*", !allowed.contains(value) else { return }
        let suggestion = nearestName(to: value, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
        throw node.error("unknown \(what) '\(value)'\(suggestion)", hint: "use * or one of \(allowed.joined(separator: ", "))")
    }

    private mutating func applyVerify(_ node: ConfigNode) throws(DeployError) {
        for (name, value) in try node.mapping() {
            let environment = try resolveEnvironment(ConfigNode(node: .scalar(.init(name)), file: value.file, path: value.path,
                                                                budget: value.budget, line: value.line))
            let fields = try value.fields(ConfigurationSchema.children(of: "verify.<env>"))
            var settings = VerifySettings()
            settings.autoRollback = try fields["auto-rollback"]?.bool() ?? false
            for probe in try fields["probes"]?.sequence() ?? [] {
                settings.probes.append(try ProbeParser.parse(probe))
            }
            settings.monitor = try fields["monitor"].map { node throws(DeployError) in try MonitorWindowSettings.parse(node, verifyProbes: settings.probes) }
            verify[environment] = settings
            origins["verify.\(environment)"] = value.origin
        }
    }

    /// Names end up in routing keys and file names: no commas, spaces, slashes or wildcards.
    private func checkName(_ name: String, kind: String, at node: ConfigNode) throws(DeployError) {
        let allowed = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == ".") }
        // "." and ".." would name config/./.yml and config/../.yml: the folder itself and its parent.
        guard !name.isEmpty, allowed, name != "any", name != ".", name != ".." else {
            throw node.error("'\(Excerpt.quote(name))' is not a valid \(kind) name", hint: "use letters, digits, '-', '_' and '.' (not '.' or '..' alone)")
        }
    }

    // MARK: The result

    func build(sourceFile: String?) -> Configuration {
        // A configured pre-release branch is a release channel: staging, as the default channels are.
        let channels = release.preReleaseBranches.filter { name in !RefRule.defaults.contains { $0.matches(.branch(name)) } }
            .compactMap { name in (try? GlobPattern(name)).map { RefRule(kind: .branch, matcher: .glob($0), environment: "staging",
                                                                           origin: origins["release.prerelease-branches"] ?? "default") } }
        // A configured package tag pattern routes as the usual package tags do.
        let packageRules = packages.compactMap(\.tagPrefix).flatMap { prefix in
            [RefRule(kind: .tag, matcher: .prefixedSemver(prefix: prefix, preRelease: false), environment: "prod", origin: origins["packages"] ?? "default"),
             RefRule(kind: .tag, matcher: .prefixedSemver(prefix: prefix, preRelease: true), environment: "staging", origin: origins["packages"] ?? "default")]
        }
        let refRules = userRefRules + channels + packageRules + RefRule.defaults
        let routes = RuleTable.combining(user: userRoutes, replaceDefaults: replaceDefaultRoutes)
        var configuration = Configuration(
            environments: EnvironmentCatalog(definitions: environments),
            refRules: refRules, routes: routes, inference: inference,
            environmentSettings: environmentSettings, targets: targets, verify: verify,
            origins: origins, replaceDefaultRoutes: replaceDefaultRoutes,
            sourceFile: sourceFile)
        configuration.records = records
        configuration.monitor = monitor
        configuration.release = release
        configuration.platform = platform
        configuration.packages = packages
        configuration.locks = locks
        return configuration
    }
}
