import Foundation

/// One `verify.<env>.probes` entry: `http:`, `tcp:` or `command:`, with Kubernetes probe timing.
enum ProbeParser {
    static let keys = ConfigurationSchema.children(of: "verify.<env>.probes[]")

    static func parse(_ node: ConfigNode) throws(DeployError) -> ProbeSettings {
        let fields = try node.fields(keys)
        let kinds = ["http", "tcp", "command"].filter { fields[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first, let spec = fields[kind] else {
            throw node.error("a probe needs exactly one of http:, tcp: or command:",
                             hint: "e.g. {name: health, layer: application, http: {url: \"https://example.com/healthz\", status: 200}}")
        }
        let check: ProbeSettings.Check
        switch kind {
        case "http": check = try http(spec)
        case "tcp": check = try tcp(spec)
        default:
            let argv = try spec.strings(allowSingle: false)
            guard let program = argv.first, !program.isEmpty else { throw spec.error("the probe command is empty") }
            check = .command(argv)
        }
        let layerName = try fields["layer"]?.oneOf(ProbeSettings.Layer.allCases.map(\.rawValue)) ?? "application"
        let name = try fields["name"]?.string() ?? "\(kind)-probe-\(node.line)"
        return ProbeSettings(
            name: name,
            layer: ProbeSettings.Layer(rawValue: layerName) ?? .application,
            check: check,
            timeout: try fields["timeout"]?.duration(InputLimits.minimumSeconds...InputLimits.probeSecondsMax) ?? 1,
            period: try fields["period"]?.duration(InputLimits.minimumSeconds...InputLimits.probeSecondsMax) ?? 10,
            initialDelay: try fields["initial-delay"]?.duration(0...InputLimits.probeSecondsMax) ?? 0,
            failureThreshold: try fields["failure-threshold"]?.int(min: 1, max: 1000) ?? 3,
            successThreshold: try fields["success-threshold"]?.int(min: 1, max: 1000) ?? 1,
            origin: node.origin)
    }

    private static func http(_ node: ConfigNode) throws(DeployError) -> ProbeSettings.Check {
        let urlNode: ConfigNode
        var status = 200
        var bodyContains: String?
        var headers: [String: String] = [:]
        if case .scalar = node.node {
            urlNode = node
        } else {
            let fields = try node.fields(ConfigurationSchema.children(of: "verify.<env>.probes[].http"))
            guard let url = fields["url"] else { throw node.error("an http probe needs 'url'") }
            urlNode = url
            status = try fields["status"]?.int(min: 100, max: 599) ?? 200
            bodyContains = try fields["body-contains"]?.string()
            if let headerNode = fields["headers"] {
                for (key, value) in try headerNode.mapping() { headers[key] = try value.string() }
            }
        }
        let text = try urlNode.string()
        // Read as the probe client reads it (URLComponents), so that what passes here can run.
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw urlNode.error("'\(Excerpt.quote(text))' is not an http(s) URL", hint: "write a full URL such as http://127.0.0.1:8080/healthz")
        }
        guard scheme == "http" else {
            throw urlNode.error("'\(Excerpt.quote(text))': \(HTTPProbeClient.httpsUnsupported)",
                                hint: "probe over http://, or use a command probe such as command: [curl, -fsS, \(Excerpt.quote(text))]")
        }
        if let port = url.port, !(1...65535).contains(port) {
            throw urlNode.error("port \(port) in '\(Excerpt.quote(text))' is out of range: it takes 1 to 65535")
        }
        return .http(url: text, status: status, bodyContains: bodyContains, headers: headers)
    }

    private static func tcp(_ node: ConfigNode) throws(DeployError) -> ProbeSettings.Check {
        let text = try node.string()
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port) else {
            throw node.error("'\(Excerpt.quote(text))' is not host:port with a port from 1 to 65535", hint: "e.g. tcp: \"127.0.0.1:5432\"")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw node.error("'\(Excerpt.quote(text))' has no host") }
        return .tcp(host: host, port: port)
    }
}
