import Foundation

/// `git deploy report --format json` (schema 1, README "Report"): `null` wherever a key has no data.
extension DeploymentReport {
    public var json: JSONValue {
        .object([
            ("schema", .int(1)),
            ("window", DeploymentReport.json(window)),
            ("previous_window", DeploymentReport.json(window.previous)),
            ("environments", .object(rows.map { ($0.environment ?? "", $0.json) })),
            ("overall", overall.json),
            ("warnings", .array(warnings.map(JSONValue.string))),
        ])
    }

    static func json(_ window: ReportWindow) -> JSONValue {
        .object([("since", .string(Timestamp.format(window.since))), ("until", .string(Timestamp.format(window.until))),
                 ("days", .double(window.days))])
    }
}

extension DeploymentReport.Row {
    var json: JSONValue {
        let keys = current, trends = self.trends, bands = current.bands
        return .object(keys.countsJSON + keys.valuesJSON + [
            ("bands", .object([
                ("deployment_frequency", .string(bands.deploymentFrequency.rawValue)),
                ("lead_time", .optional(bands.leadTime?.rawValue)),
                ("change_failure_rate", .optional(bands.changeFailureRate?.rawValue)),
                ("time_to_restore", .optional(bands.timeToRestore?.rawValue)),
            ])),
            ("previous", .object(previous.countsJSON + previous.valuesJSON)),
            ("trend", .object([
                ("deployment_frequency", .optional(trends.deploymentFrequency?.rawValue)),
                ("lead_time", .optional(trends.leadTime?.rawValue)),
                ("change_failure_rate", .optional(trends.changeFailureRate?.rawValue)),
                ("time_to_restore", .optional(trends.timeToRestore?.rawValue)),
            ])),
        ])
    }
}

extension DoraKeys {
    var countsJSON: [(String, JSONValue)] {
        [("deployments", .int(samples.deployments)), ("successful", .int(samples.successful)),
         ("failures", .int(samples.failures)), ("in_progress", .int(samples.inProgress))]
    }

    var valuesJSON: [(String, JSONValue)] {
        [
            ("deployment_frequency_per_day", .double(frequencyPerDay)),
            ("deployment_frequency_per_week", .double(frequencyPerWeek)),
            ("lead_time_seconds", .object([
                ("median", DoraKeys.number(leadTimeMedian)), ("p90", DoraKeys.number(leadTimeP90)),
                ("commits", .int(samples.leadTimes.count)), ("clock_skewed", .int(samples.clockSkewed)),
                ("deployments_without_baseline", .int(samples.withoutBaseline)),
                ("deployments_with_missing_commit", .int(samples.commitsMissing)),
            ])),
            ("change_failure_rate", DoraKeys.number(changeFailureRate)),
            ("time_to_restore_seconds", .object([
                ("median", DoraKeys.number(timeToRestoreMedian)), ("restored", .int(samples.restoreTimes.count)),
                ("unrestored", .int(samples.unrestored)),
            ])),
        ]
    }

    static func number(_ value: Double?) -> JSONValue { value.map(JSONValue.double) ?? .null }
}
