/// An environment name as it becomes a lock's file name (`.git/deploy/locks/<env>`) and ref name
/// (`refs/deploy/locks/<env>`). Configured names are checked when `.deploy.yml` is read, but a
/// name reaches here from the command line (`unlock`) too, and Git's ref rules are stricter than
/// a file's: so every name is checked again, and refused with exit 2 rather than made safe.
enum LockName {
    /// A lock name is one path component and one ref component: at most this many characters.
    static let maximumLength = 100

    /// nil when `environment` can name a lock; else why not.
    static func problem(_ environment: String) -> String? {
        let quoted = "'\(Excerpt.quote(environment))'"
        if environment.isEmpty { return "the environment name is empty" }
        if environment.count > maximumLength { return "the environment name \(quoted) is longer than \(maximumLength) characters" }
        if environment.unicodeScalars.contains(where: TerminalText.isControl) { return "the environment name \(quoted) contains control characters" }
        if environment.contains("/") || environment.contains("\\") { return "the environment name \(quoted) contains a slash" }
        if environment.contains("..") { return "the environment name \(quoted) contains '..'" }
        // git check-ref-format: no component starts with '.' or ends with '.lock' or '.'; none of these characters.
        if environment.hasPrefix(".") || environment.hasPrefix("-") || environment.hasSuffix(".") || environment.hasSuffix(".lock") {
            return "the environment name \(quoted) cannot be a Git ref name component"
        }
        if environment.unicodeScalars.contains(where: { " ~^:?*[@{}".unicodeScalars.contains($0) || !$0.isASCII }) {
            return "the environment name \(quoted) has characters a Git ref name cannot hold"
        }
        return nil
    }

    /// `environment`, or exit 2 naming the problem.
    static func checked(_ environment: String) throws(DeployError) -> String {
        guard let problem = problem(environment) else { return environment }
        throw DeployError.badInput("cannot lock: \(problem)", hint: "environment names use letters, digits, '-', '_' and '.' (see environments: in .deploy.yml)")
    }
}
