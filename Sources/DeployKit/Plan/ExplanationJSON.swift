import DeployCore

extension Explanation {
    /// `explain --format json`, schema 1 (DESIGN §5): every field present, `null` when unknown.
    public var json: JSONValue {
        let decision = routing.decision
        return .object([
            ("schema", .int(1)),
            ("environment", .string(environment.name)),
            ("environment_source", .string(environmentSource)),
            ("safety_level", .string(environment.safety.rawValue)),
            ("platform", .optional(platform?.rawValue)),
            ("platform_source", .string(platformSource)),
            ("platform_evidence", .array(platformEvidence.map(JSONValue.string))),
            ("capabilities", platform.map { .array($0.capabilities.map(JSONValue.string)) } ?? .null),
            ("options", .array(options.map { .string($0.rawValue) })),
            ("option_evidence", .array(optionEvidence.map(\.json))),
            ("complexity", .string(routing.complexity.rawValue)),
            ("complexity_score", .int(routing.assessment.score)),
            ("mode", .string(routing.mode.rawValue)),
            ("routing_key", .optional(decision?.key.description)),
            ("target", .optional(decision?.target.rawValue)),
            ("rule", .optional(decision?.rule)),
            ("rule_origin", .optional(decision?.origin)),
            ("trace", .array((decision?.trace ?? []).map { step in
                .object([("rule", .int(step.rule)), ("pattern", .string(step.pattern)),
                         ("matched", .bool(step.matched)), ("origin", .string(step.origin))])
            })),
            ("pipeline", .optional(pipeline)),
            ("commit", .optional(commit?.hex)),
            ("branch", .optional(branch)),
            ("tag", .optional(tag)),
            ("package", .optional(package?.name)),
            ("package_path", .optional(package?.path)),
            ("release", .object([
                ("mode", .string(release.mode.rawValue)),
                ("version", .optional(release.version)),
                ("manager", .optional(release.manager)),
                ("source", .string(release.source)),
                ("line", .optional(release.line)),
                ("previous", .optional(release.previous)),
                ("bump", .optional(release.bump?.level.description)),
                ("bump_commit", .optional(release.bump?.commit?.hex)),
                ("bump_subject", .optional(release.bump?.subject)),
                ("bump_reason", .optional(release.bump?.reason)),
            ])),
            ("scan", scan.map { scan in
                .object([("range", .string(scan.range)), ("commits_read", .int(scan.commitsRead)),
                         ("stopped_early", .bool(scan.stoppedEarly)), ("capped", .bool(scan.capped)),
                         ("excluded", .array(scan.excluded.map(JSONValue.string)))])
            } ?? .null),
            ("warnings", .array(warnings.map(JSONValue.string))),
            ("policy", policy?.json ?? .null),
        ])
    }
}

extension OptionEvidence {
    var json: JSONValue {
        .object([
            ("option", .string(option.rawValue)),
            ("reason", .string(reason)),
            ("commit", .optional(commit?.hex)),
            ("subject", .optional(subject)),
            ("path", .optional(path)),
        ])
    }
}
