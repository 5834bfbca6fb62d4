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
            if let index = indexIn(setting.key, prefix: "routes["), index - 1 < routes.count, index >= 1 {
                let field = routes[index - 1].environment
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
