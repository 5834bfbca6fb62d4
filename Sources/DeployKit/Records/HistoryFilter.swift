import DeployCore

extension HistoryStore {
    /// The canonical name for `history ENV`: a configured name or alias, else a name the history
    /// itself holds (recorded under a configuration this checkout does not have); else the
    /// unknown-environment error, with its suggestion.
    public func environmentName(_ input: String, configuration: Configuration) throws(DeployError) -> String {
        switch configuration.environments.resolve(input) {
        case .success(let definition):
            return definition.name
        case .failure(let unknown):
            if try !read(HistoryQuery(environment: input, limit: 1)).entries.isEmpty { return input }
            throw DeployError.badInput(unknown.description, hint: "name a known environment, or one the history holds")
        }
    }
}
