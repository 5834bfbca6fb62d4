extension DeploymentRun {
    /// `git deploy --format json`: the decision (explain's schema-1 object) and what each stage did.
    public var json: JSONValue {
        func handler(_ result: HandlerResult?) -> JSONValue {
            guard let result else { return .null }
            return .object([("outcome", .string(result.outcome.description)), ("succeeded", .bool(result.outcome.succeeded)),
                            ("duration_seconds", .double(result.duration))])
        }
        return .object([
            ("schema", .int(1)),
            ("id", .string(id)),
            ("status", .string(status.rawValue)),
            ("exit_code", .int(Int(exitCode))),
            ("error", .optional(error?.message)),
            ("duration_seconds", .double(duration)),
            ("gates", gates.json),
            ("handoff", .optional(handoffPath)),
            ("backup", handler(backup)),
            ("backups", .array(backups.map(\.json))),
            ("readiness", readiness?.json ?? .null),
            ("dispatch", handler(dispatch)),
            ("verification", verification?.json ?? .null),
            ("rollback", rollback.map { summary in
                .object([("id", .string(summary.id)), ("commit", .string(summary.commit.hex)), ("status", .string(summary.status.rawValue))])
            } ?? .null),
            ("monitor", monitoring.state?.json ?? .null),
            ("rollback_to", .optional(rollbackTo?.hex)),
            ("previous_commit", .optional(previousCommit?.hex)),
            ("decision", explanation.json),
        ])
    }
}
