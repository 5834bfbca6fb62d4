import Foundation

/// `freeze:` windows: fixed `from`/`to` instants (ISO 8601), or GitLab's `start`/`end` cron
/// expressions with a `timezone` (IANA name; UTC when absent).
enum FreezeWindowParser {
    static func parse(_ node: ConfigNode) throws(DeployError) -> [FreezeWindow] {
        var windows: [FreezeWindow] = []
        for item in try node.sequence() {
            let fields = try item.fields(ConfigurationSchema.children(of: "environments.<name>.freeze[]"))
            switch (fields["from"], fields["to"], fields["start"], fields["end"]) {
            case let (from?, to?, nil, nil):
                let start = try instant(from), end = try instant(to)
                guard start < end else { throw item.error("the freeze ends before it starts") }
                if fields["timezone"] != nil { throw item.error("'timezone' goes with start/end cron windows; give from/to with an offset instead") }
                windows.append(.fixed(from: start, to: end, origin: item.origin))
            case let (nil, nil, start?, end?):
                let startText = try cron(start), endText = try cron(end)
                var zone = "UTC"
                if let zoneNode = fields["timezone"] {
                    zone = try zoneNode.string()
                    guard TimeZone(identifier: zone) != nil else {
                        throw zoneNode.error("unknown time zone '\(zone)'", hint: "use an IANA name such as Europe/Berlin or UTC")
                    }
                }
                windows.append(.cron(start: startText, end: endText, timeZone: zone, origin: item.origin))
            default:
                throw item.error("a freeze window needs 'from' and 'to' (instants) or 'start' and 'end' (cron expressions)",
                                 hint: "e.g. {start: \"0 18 * * 5\", end: \"0 8 * * 1\", timezone: Europe/Berlin}")
            }
        }
        return windows
    }

    private static func instant(_ node: ConfigNode) throws(DeployError) -> Date {
        let text = try node.string()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        throw node.error("'\(text)' is not an ISO 8601 instant", hint: "write it with a time zone, e.g. 2026-12-24T00:00:00Z")
    }

    private static func cron(_ node: ConfigNode) throws(DeployError) -> String {
        let text = try node.string()
        do {
            _ = try CronExpression(text)
        } catch {
            throw node.error("invalid cron expression: \(error.reason)")
        }
        return text
    }
}
