import DeployCore

/// What `git deploy config` prints: the effective settings, optionally only those of one environment.
public enum ConfigurationReport {
    public static func settings(of configuration: Configuration, environment: String?) throws(DeployError) -> [ConfigSetting] {
        guard let environment else { return configuration.settings }
        let name: String
        switch configuration.environments.resolve(environment) {
        case .success(let definition): name = definition.name
        case .failure(let unknown): throw DeployError.badInput(unknown.description)
        }
        let refRules = configuration.refRules
        let routes = configuration.routes.rules
        return configuration.settings.filter { setting in
            if setting.key.hasPrefix("environments.") { return setting.key.hasPrefix("environments.\(name).") }
            if setting.key.hasPrefix("verify.") { return setting.key.hasPrefix("verify.\(name).") }
            if let index = indexIn(setting.key, prefix: "refs["), index < refRules.count {
                return refRules[index].environment == name
            }
            if let index = indexIn(setting.key, prefix: "routes["), index < routes.count {
                let field = routes[index].environment
                return field == .any || field == .exact(name)
            }
            return true
        }
    }

    private static func indexIn(_ key: String, prefix: String) -> Int? {
        guard key.hasPrefix(prefix), key.hasSuffix("]") else { return nil }
        return Int(key.dropFirst(prefix.count).dropLast())
    }
}

extension Configuration {
    /// Every effective setting with its origin ("default" or ".deploy.yml:LINE"), for
    /// `git deploy config`; built on demand, since only that command needs it.
    public var settings: [ConfigSetting] {
        var list: [ConfigSetting] = []
        func add(_ key: String, _ value: String, origin: String? = nil) {
            list.append(ConfigSetting(key: key, value: value, origin: origin ?? origins[key] ?? "default"))
        }
        for definition in environments.definitions {
            let prefix = "environments.\(definition.name)"
            let settings = environmentSettings[definition.name] ?? EnvironmentSettings()
            add("\(prefix).safety", definition.safety.rawValue)
            add("\(prefix).aliases", definition.aliases.joined(separator: ", "))
            add("\(prefix).require-promotion-from", settings.requirePromotionFrom ?? "")
            add("\(prefix).freeze", settings.freeze.isEmpty ? "" : "\(settings.freeze.count) window\(settings.freeze.count == 1 ? "" : "s")")
            add("\(prefix).readiness", settings.readiness.summary)
            add("\(prefix).backup", settings.backups.summary)
            add("\(prefix).auto-dispatch", settings.autoDispatch.rawValue)
            add("\(prefix).allow", PolicyKeys.allowText(AllowedRefs.rules(for: definition, in: self), configured: settings.allow != nil))
        }
        for (index, rule) in refRules.enumerated() {
            let options = rule.options.isEmpty ? "" : " with \(rule.options.map(\.rawValue).joined(separator: " "))"
            add("refs[\(index)]", "\(rule.kind.rawValue) \(rule.pattern) → \(rule.environment)\(options)", origin: rule.origin)
        }
        add("routes-replace-defaults", String(replaceDefaultRoutes))
        // Numbered from 0 like refs[] and the YAML paths in error messages (routes[0].key).
        for (index, rule) in routes.rules.enumerated() {
            add("routes[\(index)]", "\(rule.pattern) → \(rule.target.rawValue)", origin: rule.origin)
        }
        for (name, target) in targets.sorted(by: { $0.key < $1.key }) {
            add("targets.\(name).run", target.shell ? target.run.joined() : ShellQuoting.displayArgv(target.run), origin: target.origin)
            add("targets.\(name).shell", String(target.shell), origin: target.origin)
            add("targets.\(name).timeout", "\(formatSeconds(target.timeout))s", origin: target.origin)
        }
        for rule in inference.pathRules {
            let name = String(rule.option.rawValue.dropFirst(2))
            add("inference.\(name)", rule.globs.map(\.text).joined(separator: ", "))
        }
        add("inference.service-roots", inference.serviceRoots.map(\.text).joined(separator: ", "))
        add("inference.max-commits", String(inference.maxCommits))
        for (name, settings) in verify.sorted(by: { $0.key < $1.key }) {
            add("verify.\(name).auto-rollback", String(settings.autoRollback), origin: origins["verify.\(name)"])
            add("verify.\(name).probes", settings.probes.map(\.name).joined(separator: ", "), origin: origins["verify.\(name)"])
        }
        add("records.require-signed", String(records.requireSigned))
        add("locks.remote", locks.remote ?? "")
        add("locks.timeout", locks.timeout.map { "\(formatSeconds($0))s" } ?? "")
        // Which commit the gates' values (safety, freeze, require-promotion-from, allow) were read from.
        if let policy { add("policy", policy.summary, origin: policy.location?.reference ?? "none") }
        return list
    }

    func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
