import DeployCore
import Foundation

/// One setting that gates read and that therefore comes from the trusted policy (the default
/// branch's `.deploy.yml`), not from the commit being deployed.
///
/// Why closures and not a protocol: each key is one line in `PolicyKeys.all`, built from a key
/// path by `environmentSetting`/`global`, so that adding a key (say `locks`) is adding one line.
/// `@unchecked Sendable`: the closures only read and write the values they are handed, and the
/// key paths they capture are immutable.
public struct PolicyKey: @unchecked Sendable {
    public enum Scope: Sendable { case environment, global }

    /// "safety" (per environment: `environments.<env>.safety`) or "records.require-signed" (global).
    public let name: String
    public let scope: Scope
    /// The value as people read it, comparable between files (origins left out).
    let text: (Configuration, String) -> String
    /// Copies the trusted value of `environment` into the effective configuration.
    let adopt: (inout Configuration, Configuration, String) -> Void
    /// Whether the deployed configuration's value (second) is looser than the trusted one (first).
    let loosens: (Configuration, Configuration, String) -> Bool

    /// "environments.prod.freeze", or the global key's name.
    public func path(_ environment: String) -> String {
        scope == .environment ? "environments.\(environment).\(name)" : name
    }

    /// A per-environment setting of `EnvironmentSettings`. `loosens` defaults to "differs".
    public static func environmentSetting<Value: Equatable>(
        _ name: String, _ keyPath: WritableKeyPath<EnvironmentSettings, Value>, text: @escaping (Value) -> String,
        loosens: @escaping (_ trusted: Value, _ deployed: Value) -> Bool = { $0 != $1 }
    ) -> PolicyKey {
        PolicyKey(name: name, scope: .environment,
                  text: { configuration, environment in text(configuration.settings(for: environment)[keyPath: keyPath]) },
                  adopt: { effective, trusted, environment in
                      effective.environmentSettings[environment, default: EnvironmentSettings()][keyPath: keyPath]
                          = trusted.settings(for: environment)[keyPath: keyPath]
                  },
                  loosens: { trusted, deployed, environment in
                      loosens(trusted.settings(for: environment)[keyPath: keyPath], deployed.settings(for: environment)[keyPath: keyPath])
                  })
    }

    /// A setting of the whole file (`records.require-signed`).
    public static func global<Value: Equatable>(
        _ name: String, _ keyPath: WritableKeyPath<Configuration, Value>, text: @escaping (Value) -> String = { "\($0)" },
        loosens: @escaping (_ trusted: Value, _ deployed: Value) -> Bool = { $0 != $1 }
    ) -> PolicyKey {
        PolicyKey(name: name, scope: .global,
                  text: { configuration, _ in text(configuration[keyPath: keyPath]) },
                  adopt: { effective, trusted, _ in effective[keyPath: keyPath] = trusted[keyPath: keyPath] },
                  loosens: { trusted, deployed, _ in loosens(trusted[keyPath: keyPath], deployed[keyPath: keyPath]) })
    }
}

/// The policy keys: the ONE list of what the trusted policy decides. Everything else in
/// `.deploy.yml` (targets, handlers, verify, refs, routes, inference, packages, release) comes
/// from the deployed commit.
public enum PolicyKeys {
    public static let all: [PolicyKey] = [
        safety,
        .environmentSetting("require-promotion-from", \.requirePromotionFrom, text: { $0 ?? "none" },
                            loosens: { trusted, deployed in trusted != nil && deployed != trusted }),
        .environmentSetting("freeze", \.freeze, text: freezeText,
                            loosens: { trusted, deployed in !Set(trusted.map(windowText)).isSubset(of: deployed.map(windowText)) }),
        allow,
        // `confirmed` stands in for a person's --yes on a high-safety environment, so only the
        // default branch may give it; a branch may still turn auto-dispatch on or off elsewhere.
        .environmentSetting("auto-dispatch", \.autoDispatch, text: { $0.rawValue },
                            loosens: { trusted, deployed in deployed == .confirmed && trusted != .confirmed }),
        // Where the one-deployment-per-environment lock lives: a branch that moved it (or dropped
        // the remote) would let two runners deploy at once.
        // Adding a remote lock where the policy has none only tightens it.
        .global("locks", \.locks, text: { "remote \($0.remote ?? "none (this machine)"), timeout \($0.timeout.map { "\(Int($0.rounded()))s" } ?? "default")" },
                loosens: { trusted, deployed in trusted.remote != nil && deployed != trusted }),
        .global("records.require-signed", \.records.requireSigned, loosens: { trusted, deployed in trusted && !deployed }),
    ]

    /// The environment's safety level lives in the catalog, not in `EnvironmentSettings`.
    static let safety = PolicyKey(
        name: "safety", scope: .environment,
        text: { configuration, environment in configuration.environments.definition(named: environment)?.safety.rawValue ?? "-" },
        adopt: { effective, trusted, environment in
            guard let level = trusted.environments.definition(named: environment)?.safety,
                  let index = effective.environments.definitions.firstIndex(where: { $0.name == environment }) else { return }
            effective.environments.definitions[index].safety = level
        },
        loosens: { trusted, deployed, environment in
            guard let policy = trusted.environments.definition(named: environment)?.safety,
                  let own = deployed.environments.definition(named: environment)?.safety else { return false }
            return own < policy
        })

    /// Compared as the rules that apply (defaults included): a deployed commit that routes a new
    /// branch to prod widens prod's default list, and that counts as loosening it.
    static let allow = PolicyKey(
        name: "allow", scope: .environment,
        text: { configuration, environment in
            guard let definition = configuration.environments.definition(named: environment) else { return "-" }
            return allowText(AllowedRefs.rules(for: definition, in: configuration), configured: configuration.settings(for: environment).allow != nil)
        },
        adopt: { effective, trusted, environment in
            effective.environmentSettings[environment, default: EnvironmentSettings()].allow = trusted.settings(for: environment).allow
        },
        loosens: { trusted, deployed, environment in
            guard let policyDefinition = trusted.environments.definition(named: environment),
                  let policy = AllowedRefs.rules(for: policyDefinition, in: trusted) else { return false }
            guard let ownDefinition = deployed.environments.definition(named: environment),
                  let own = AllowedRefs.rules(for: ownDefinition, in: deployed) else { return true }
            return own.contains { !policy.contains($0) }
        })

    static func allowText(_ rules: [AllowRule]?, configured: Bool) -> String {
        guard let rules else { return "every ref" }
        let list = rules.isEmpty ? "no ref" : rules.map(\.description).joined(separator: ", ")
        return configured ? list : "\(list) (default for high safety)"
    }

    static func freezeText(_ windows: [FreezeWindow]) -> String {
        windows.isEmpty ? "none" : windows.map(windowText).joined(separator: "; ")
    }

    /// A window without its origin, so that the same window in two files compares equal.
    static func windowText(_ window: FreezeWindow) -> String {
        switch window {
        case let .fixed(from, to, _): return "\(ActiveFreeze.format(from)) → \(ActiveFreeze.format(to))"
        case let .cron(start, end, timeZone, _): return "'\(start)' → '\(end)' (\(timeZone))"
        }
    }
}
