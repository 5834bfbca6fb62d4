/// The known environments (DESIGN §2): defaults prod(high; production, live), staging(medium; stage, preprod, uat), dev(low; development); config may add more.
public struct EnvironmentCatalog: Sendable {
    /// The environments in the order they are listed to people.
    public var definitions: [EnvironmentDefinition]

    /// The built-in environments of DESIGN §2 (the seed's ENVIRONMENT_SAFETY plus the aliases).
    public static let defaults = EnvironmentCatalog(definitions: [
        EnvironmentDefinition(name: "prod", safety: .high, aliases: ["production", "live"]),
        EnvironmentDefinition(name: "staging", safety: .medium, aliases: ["stage", "preprod", "uat"]),
        EnvironmentDefinition(name: "dev", safety: .low, aliases: ["development"]),
    ])

    /// Creates a catalog from definitions, first listed first.
    public init(definitions: [EnvironmentDefinition]) {
        self.definitions = definitions
    }

    /// Canonical environment for a name or alias (case-insensitive), or an error suggesting the nearest known name by edit distance ("prdo" → "prod", "stagin" → "staging"; also consider aliases, suggesting the canonical name).
    public func resolve(_ input: String) -> Result<EnvironmentDefinition, UnknownEnvironment> {
        let wanted = input.lowercased()
        // Names before aliases, so a configured environment called like another's alias wins.
        if let byName = definitions.first(where: { $0.name.lowercased() == wanted }) {
            return .success(byName)
        }
        if let byAlias = definitions.first(where: { $0.aliases.contains { $0.lowercased() == wanted } }) {
            return .success(byAlias)
        }
        return .failure(UnknownEnvironment(input: input, suggestion: suggestion(for: input), known: definitions.map(\.name)))
    }

    /// The definition whose canonical name is exactly `named`, ignoring aliases.
    public func definition(named: String) -> EnvironmentDefinition? {
        definitions.first { $0.name == named }
    }

    /// The canonical name nearest to a typo, looking at aliases too ("prodution" → "prod").
    private func suggestion(for input: String) -> String? {
        var canonical: [String: String] = [:]
        var candidates: [String] = []
        for definition in definitions {
            for spelling in [definition.name] + definition.aliases where canonical[spelling] == nil {
                canonical[spelling] = definition.name
                candidates.append(spelling)
            }
        }
        return nearestName(to: input, in: candidates).flatMap { canonical[$0] }
    }
}

/// An environment name that is neither configured nor an alias (DESIGN §2); exit 2 (DESIGN §5).
public struct UnknownEnvironment: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the user typed.
    public let input: String
    /// The canonical name of the nearest known environment, if any is close.
    public let suggestion: String?
    /// The canonical names of all known environments, in catalog order.
    public let known: [String]

    /// Creates the error; `EnvironmentCatalog.resolve` is the usual source.
    public init(input: String, suggestion: String?, known: [String]) {
        self.input = input
        self.suggestion = suggestion
        self.known = known
    }

    /// git-style message (STYLE §6): "unknown environment 'prdo' (did you mean 'prod'? known: prod, staging, dev)".
    public var description: String {
        let knownList = "known: " + known.joined(separator: ", ")
        if let suggestion {
            return "unknown environment '\(input)' (did you mean '\(suggestion)'? \(knownList))"
        }
        return "unknown environment '\(input)' (\(knownList))"
    }
}
