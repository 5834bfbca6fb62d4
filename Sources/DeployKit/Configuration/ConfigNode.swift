import DeployCore
import Yams

/// A node of `.deploy.yml` with where it stands (file, line, key path), so every error can name
/// them (DESIGN §9: "Unknown keys and wrong types are errors naming file, line and key").
struct ConfigNode {
    let node: Node
    let file: String
    /// The key path, e.g. "environments.qa.safety" or "refs[2].branch".
    let path: String
    let budget: NodeBudget
    /// The line a person looks at: a mapping value's key line, else the node's own.
    let line: Int

    init(node: Node, file: String, path: String, budget: NodeBudget, line: Int? = nil) {
        self.node = node
        self.file = file
        self.path = path
        self.budget = budget
        self.line = line ?? node.mark?.line ?? 1
    }
    /// "file:line", the origin `config --show-origin` prints.
    var origin: String { "\(file):\(line)" }

    func error(_ message: String, hint: String? = nil) -> DeployError {
        let location = path.isEmpty ? "" : "\(path): "
        return DeployError.badInput("\(file):\(line): \(location)\(message)", hint: hint)
    }

    private func child(_ node: Node, _ path: String) throws(DeployError) -> ConfigNode {
        try budget.spend(at: self)
        return ConfigNode(node: node, file: file, path: path, budget: budget)
    }

    private var kindName: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar: return node.null != nil ? "empty" : "'\(Excerpt.quote(node.string ?? ""))'"
        case .alias: return "an alias"
        }
    }

    var isNull: Bool {
        if case .scalar(let scalar) = node { return scalar.style == .plain && node.null != nil }
        return false
    }

    /// The entries of a mapping in file order; keys must be strings and unique.
    func mapping() throws(DeployError) -> [(key: String, value: ConfigNode)] {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping (key: value lines), found \(kindName)")
        }
        var entries: [(key: String, value: ConfigNode)] = []
        var seen = Set<String>()
        for (keyNode, valueNode) in mapping {
            guard case .scalar = keyNode, let key = keyNode.string else {
                throw ConfigNode(node: keyNode, file: file, path: path, budget: budget).error("keys must be plain strings")
            }
            guard seen.insert(key).inserted else {
                throw ConfigNode(node: keyNode, file: file, path: path, budget: budget)
                    .error("'\(key)' appears twice", hint: "keep one of them")
            }
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            try budget.spend(at: self)
            entries.append((key, ConfigNode(node: valueNode, file: file, path: childPath, budget: budget, line: keyNode.mark?.line)))
        }
        return entries
    }

    /// A mapping whose keys must come from `allowed`; an unknown key suggests the nearest one.
    func fields(_ allowed: [String]) throws(DeployError) -> [String: ConfigNode] {
        var fields: [String: ConfigNode] = [:]
        for (key, value) in try mapping() {
            guard allowed.contains(key) else {
                let suggestion = nearestName(to: key, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
                throw value.error("unknown key '\(key)'\(suggestion)", hint: "known keys here: \(allowed.joined(separator: ", "))")
            }
            fields[key] = value
        }
        return fields
    }

    func sequence() throws(DeployError) -> [ConfigNode] {
        guard case .sequence(let sequence) = node else {
            throw error("expected a list, found \(kindName)")
        }
        var items: [ConfigNode] = []
        for (index, item) in sequence.enumerated() {
            items.append(try child(item, "\(path)[\(index)]"))
        }
        return items
    }

    func string() throws(DeployError) -> String {
        guard case .scalar = node, !isNull, let text = node.string else {
            throw error("expected a string, found \(kindName)")
        }
        return text
    }

    /// A list of strings; a single string is accepted as a list of one where `single` allows it.
    func strings(allowSingle: Bool = true) throws(DeployError) -> [String] {
        if allowSingle, case .scalar = node, !isNull { return [try string()] }
        var values: [String] = []
        for item in try sequence() { values.append(try item.string()) }
        return values
    }

    func bool() throws(DeployError) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = node.bool else {
            throw error("expected true or false, found \(kindName)")
        }
        return value
    }

    func int(min: Int = Int.min, max: Int = Int.max) throws(DeployError) -> Int {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let value = node.int else {
            throw error("expected a whole number, found \(kindName)")
        }
        guard value >= min, value <= max else {
            throw error("\(value) is out of range: it takes \(min) to \(max)")
        }
        return value
    }

    /// Seconds, as a number or with a unit: 90, "90s", "250ms", "5m", "1h", within `range`: a
    /// number a timer cannot hold (1e19) or a wait nobody means (1e300) is refused here, naming
    /// the key, rather than trapping or hanging when the deployment runs.
    func duration(_ range: ClosedRange<Double>) throws(DeployError) -> Double {
        let text = try string()
        let hint = DurationText.hint
        guard let seconds = DurationText.seconds(text) else {
            throw error("'\(Excerpt.quote(text))' is not a duration", hint: hint)
        }
        guard range.contains(seconds) else {
            throw error("'\(Excerpt.quote(text))' is out of range: it takes \(ConfigNode.seconds(range.lowerBound)) to \(ConfigNode.seconds(range.upperBound))",
                        hint: hint)
        }
        return seconds
    }

    /// "0.001 s", "3600 s (1 h)": how ranges of seconds read in errors.
    static func seconds(_ value: Double) -> String {
        let plain = value == value.rounded() && value < 1e15 ? String(Int64(value)) : String(value)
        if value >= 3600, value.truncatingRemainder(dividingBy: 3600) == 0 { return "\(plain) s (\(Int64(value / 3600)) h)" }
        return "\(plain) s"
    }

    /// Picks one of `allowed`; anything else suggests the nearest.
    func oneOf(_ allowed: [String]) throws(DeployError) -> String {
        let value = try string()
        guard allowed.contains(value) else {
            let suggestion = nearestName(to: value, in: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            throw error("'\(value)' is not one of \(allowed.joined(separator: ", "))\(suggestion)")
        }
        return value
    }

    func glob() throws(DeployError) -> GlobPattern {
        let text = try string()
        do {
            return try GlobPattern(text)
        } catch {
            throw self.error(error.description, hint: "globs use * within a path segment, ** across segments, ? and [a-z]")
        }
    }
}

/// Bounds the nodes a configuration may expand to: YAML aliases can make a small file describe an
/// exponential tree (the "billion laughs"), and walking it must fail fast instead of hanging.
final class NodeBudget {
    private(set) var remaining: Int

    init(limit: Int) {
        remaining = limit
    }

    func spend(at node: ConfigNode) throws(DeployError) {
        remaining -= 1
        if remaining < 0 {
            throw node.error("the configuration expands to too many values (aliases nested too deep?)",
                             hint: "a .deploy.yml needs far fewer than \(ConfigurationLoader.nodeLimit) values; remove the repeated aliases")
        }
    }
}
