/// Emergency deployments in the history (issue 14): the entry's optional `emergency_reason`
/// (absent in older entries and in every other deployment) and `user`, the committer identity
/// of whoever ran it.
extension DeploymentRecord {
    /// Why the freeze and promotion gates were bypassed; nil for a deployment that was not an emergency.
    public var emergencyReason: String? {
        guard let reason = self["emergency_reason"]?.stringValue, !reason.isEmpty else {
            // An entry written with the option but no reason (before reasons were required) is still one.
            return options.contains("--emergency") ? "(no reason recorded)" : nil
        }
        // Anyone who can push the notes ref writes entries: quote it bounded and escaped.
        return Excerpt.quote(reason, limit: EmergencyReason.maxCharacters)
    }

    /// One line for `history` and `status`: who bypassed the gates, when, and why (escaped by the caller).
    public var emergencyLine: String? {
        emergencyReason.map { "EMERGENCY \(id) \(environment) \(commit.short) by \(user ?? "unknown"): \($0)" }
    }
}
