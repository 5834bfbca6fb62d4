#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Yams

/// The application configuration a handler gets as `DEPLOY_APP_CONFIG` (DESIGN §7):
/// `config/base.yml` ← `config/<env>.yml` ← `config/local.yml`, deep-merged — mappings merge key
/// by key, recursively; any other value (lists included) replaces what came before — and written
/// as JSON so a handler in any language can read it.
public enum AppConfigMerger {
    /// Values one file may expand to through aliases before it is refused (a YAML alias bomb).
    static let nodeLimit = InputLimits.appConfigNodes
    static let sizeLimit = InputLimits.appConfigBytes

    /// The files merged for `environment`, in order, relative to the work tree.
    public static func layers(environment: String) -> [String] {
        ["config/base.yml", "config/\(environment).yml", "config/local.yml"]
    }

    /// The merged configuration; missing files are skipped, so no files give `{}`.
    public static func merge(root: String, environment: String) throws(DeployError) -> JSONValue {
        guard !environment.isEmpty, !environment.contains("/"), environment != "..", environment != "." else {
            throw DeployError.badInput("environment name '\(environment)' cannot name a config/<env>.yml file")
        }
        var merged = JSONValue.object([])
        for relative in layers(environment: environment) {
            // A symlink (config -> /etc, local.yml -> ~/.aws/credentials) is refused unread.
            guard let bytes = try RepositoryFile.read(relative, in: root, limit: sizeLimit) else { continue }
            if let layer = try parse(bytes, file: relative) { merged = deepMerge(merged, layer) }
        }
        return merged
    }

    /// Merges and writes the JSON to `destination` atomically; returns `destination`.
    @discardableResult
    public static func write(root: String, environment: String, to destination: String) throws(DeployError) -> String {
        let json = try merge(root: root, environment: environment)
        try AtomicFile.write(Array((json.serialized(pretty: true) + "\n").utf8), to: destination)
        return destination
    }

    /// `overlay` wins, except that two mappings merge key by key (keeping `base`'s key order,
    /// new keys after).
    public static func deepMerge(_ base: JSONValue, _ overlay: JSONValue) -> JSONValue {
        guard case .object(let members) = base, case .object(let additions) = overlay else { return overlay }
        var merged = KeyedMembers(members)
        for (key, value) in additions { merged.merge(key, value) }
        return .object(merged.members)
    }

    /// One file as a mapping; nil for an empty file. Anything else is an error naming file and line.
    static func parse(_ bytes: [UInt8], file: String) throws(DeployError) -> JSONValue? {
        guard let node = try YAMLText.compose(bytes, file: file) else { return nil }
        if case .scalar = node, node.null != nil { return nil }
        guard case .mapping = node else {
            throw DeployError.badInput("\(file):\(node.mark?.line ?? 1): the top level must be a mapping (key: value lines), not \(kind(of: node))")
        }
        var budget = nodeLimit
        return try convert(node, file: file, budget: &budget)
    }

    private static func convert(_ node: Node, file: String, budget: inout Int) throws(DeployError) -> JSONValue {
        budget -= 1
        guard budget >= 0 else {
            throw DeployError.badInput("\(file):\(node.mark?.line ?? 1): the file expands to more than \(nodeLimit) values (aliases nested too deep?)")
        }
        switch node {
        case .scalar:
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(node.string ?? "")
            case .int: return node.int.map(JSONValue.int) ?? node.float.map(JSONValue.double) ?? .string(node.string ?? "")
            case .float: return node.float.map(JSONValue.double) ?? .string(node.string ?? "")
            default: return .string(node.string ?? "")
            }
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for item in sequence { items.append(try convert(item, file: file, budget: &budget)) }
            return .array(items)
        case .mapping(let mapping):
            var merged = JSONValue.object([])
            var own: [(String, JSONValue)] = []
            for (key, value) in mapping {
                // `<<: *defaults` (YAML merge key): the aliased mappings are defaults for this one.
                if key.tag.rawValue == Tag.Name.merge.rawValue || (key.string == "<<" && key.tag.rawValue != Tag.Name.str.rawValue) {
                    let sources: [Node]
                    if case .sequence(let list) = value { sources = Array(list) } else { sources = [value] }
                    for source in sources {
                        guard case .mapping = source else {
                            throw DeployError.badInput("\(file):\(source.mark?.line ?? 1): '<<' must merge a mapping")
                        }
                        merged = deepMerge(try convert(source, file: file, budget: &budget), merged)
                    }
                    continue
                }
                guard case .scalar = key, let name = key.string else {
                    throw DeployError.badInput("\(file):\(key.mark?.line ?? 1): keys must be plain strings, not \(kind(of: key))")
                }
                own.append((name, try convert(value, file: file, budget: &budget)))
            }
            // Keys written in this mapping beat merged ones, whole (a merge key is shallow in YAML).
            guard case .object(let members) = merged else { return .object(own) }
            var result = KeyedMembers(members)
            for (key, value) in own { result.set(key, value) }
            return .object(result.members)
        case .alias:
            // Yams resolves aliases while composing; a bare alias node cannot reach here.
            return .null
        }
    }

    private static func kind(of node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar: return "a scalar ('\(Excerpt.quote(node.string ?? ""))')"
        case .alias: return "an alias"
        }
    }
}

/// An object's members in order, indexed by key, so that setting or merging one key costs O(1):
/// searching the array for each key made a merge of n keys O(n²) (a `<<: *big` of 60,000 keys
/// took minutes).
struct KeyedMembers {
    private(set) var members: [(String, JSONValue)]
    private var positions: [String: Int]

    init(_ members: [(String, JSONValue)]) {
        self.members = members
        positions = Dictionary(members.enumerated().map { ($0.element.0, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// `value` replaces the key's value (in its place), or is appended.
    mutating func set(_ key: String, _ value: JSONValue) {
        if let index = positions[key] { members[index].1 = value } else { append(key, value) }
    }

    /// `value` deep-merges over the key's value (in its place), or is appended.
    mutating func merge(_ key: String, _ value: JSONValue) {
        guard let index = positions[key] else { return append(key, value) }
        // Moved out first, so that the merge does not copy the nested members it extends.
        let existing = members[index].1
        members[index].1 = .null
        members[index].1 = AppConfigMerger.deepMerge(existing, value)
    }

    private mutating func append(_ key: String, _ value: JSONValue) {
        positions[key] = members.count
        members.append((key, value))
    }
}
