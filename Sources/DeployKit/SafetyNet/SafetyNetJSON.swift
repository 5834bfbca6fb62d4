extension SafetyNetPlan {
    /// `explain --format json`'s `safety_net` object: what a run would check, back up and roll back to.
    public var json: JSONValue {
        .object([
            ("readiness", .array(readiness.map { check in
                .object([("kind", .string(check.kind.rawValue)), ("name", .string(check.probe.name)),
                         ("check", .string(check.probe.check.summary)), ("origin", .string(check.probe.origin))])
            })),
            ("readiness_notes", .array(readinessNotes.map(JSONValue.string))),
            ("backups", .array(backups.map { step in
                .object([("kind", .string(step.kind.rawValue)), ("run", .array(step.run.map(JSONValue.string))),
                         ("when", .string(step.when.description)), ("origin", .string(step.origin))])
            })),
            ("skipped_backups", .array(skippedBackups.map { skipped in
                .object([("kind", .string(skipped.step.kind.rawValue)), ("when", .string(skipped.step.when.description)),
                         ("reason", .string(skipped.reason))])
            })),
            ("rollback", .object([("commit", .optional(rollback.commit?.hex)), ("deployment_id", .optional(rollback.deploymentID))])),
            ("rollback_scope", rollbackScope.map { scope in
                .object([("scope", .string(scope.scope.rawValue)), ("target", .string(scope.target.hex)),
                         ("from_id", .optional(scope.fromID)), ("from_commit", .optional(scope.fromCommit?.hex)),
                         ("from_backups", .object(scope.fromBackups.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .string($0.value)) }))])
            } ?? .null),
        ])
    }
}

extension DeploymentPlan {
    /// `explain --format json`: the decision (schema 1) with the plan's `safety_net` added.
    public var explainJSON: JSONValue {
        guard case .object(let members) = explanation.json else { return explanation.json }
        return .object(members + [("safety_net", safetyNet.json)])
    }
}

extension ProbeSettings.Check {
    /// One line: `GET http://…`, `tcp host:port`, or the argv.
    public var summary: String {
        switch self {
        case .http(let url, let status, _, _): "GET \(url) → \(status)"
        case .tcp(let host, let port): "tcp \(host):\(port)"
        case .command(let argv): ShellQuoting.displayArgv(argv)
        }
    }
}
