import DeployCore
import DeployKit

/// `explain` for people: the seed's sections (analysis, routing key, target, validation) with the
/// evidence for each line, so the output shows what the code did rather than re-deriving it.
struct ExplanationText {
    let explanation: Explanation
    let style: Style

    init(_ explanation: Explanation, style: Style) {
        self.explanation = explanation
        self.style = style
    }

    func render() -> String {
        let e = explanation
        var lines: [String] = []
        // Values quote ref names, commit subjects, paths and .release_config: escaped before any
        // colour is added (`styledRow` is given pieces already escaped).
        let t = TerminalText.escaped
        func styledRow(_ label: String, _ value: String) {
            // A continuation row (empty label) is indented under the value, with no bare ":".
            let column = (label.isEmpty ? "" : label + ":").padding(toLength: 14, withPad: " ", startingAt: 0)
            lines.append("  " + style.dim(column) + value)
        }
        func row(_ label: String, _ value: String) { styledRow(label, t(value)) }

        lines.append(style.bold("Routing analysis"))
        styledRow("Environment", style.bold(t(e.environment.name)) + t(" (safety \(e.environment.safety.rawValue)) — \(e.environmentSource)"))
        row("Platform", "\(e.platform?.rawValue ?? "unknown") — \(e.platformSource)")
        if e.platformEvidence.count > 1 { row("Evidence", e.platformEvidence.joined(separator: "; ")) }
        if let platform = e.platform { row("Capabilities", platform.capabilities.joined(separator: ", ")) }
        if e.optionEvidence.isEmpty {
            row("Options", "none")
        } else {
            for (index, evidence) in e.optionEvidence.enumerated() {
                row(index == 0 ? "Options" : "", "\(evidence.option.rawValue) — \(Self.describe(evidence))")
            }
        }
        if let scan = e.scan {
            let notes = [scan.stoppedEarly ? "stopped early: every option found" : nil, scan.capped ? "capped" : nil].compactMap { $0 }
            row("Scanned", "\(scan.commitsRead) commit\(scan.commitsRead == 1 ? "" : "s") in \(scan.range)"
                + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))
        }
        for (index, note) in (e.scan?.excluded ?? []).enumerated() {
            row(index == 0 ? "Excluded" : "", note)
        }
        let assessed = e.routing.complexity == e.routing.assessment.complexity ? "score \(e.routing.assessment.score)" : "given; assessed score \(e.routing.assessment.score)"
        row("Complexity", "\(e.routing.complexity.rawValue) (\(assessed))")
        row("Mode", e.routing.mode.rawValue)
        row("Pipeline", e.pipeline ?? "none detected")
        lines.append("")

        lines.append(style.bold("Routing decision"))
        if let decision = e.decision {
            row("Routing key", decision.key.description)
            styledRow("Target", style.green(style.bold(t(decision.target.rawValue)))
                      + t(" (rule \(decision.rule): \(decision.trace.last?.pattern ?? "")\(decision.origin == "default" ? "" : ", \(decision.origin)"))"))
            let tried = decision.trace.map { "\($0.rule) \($0.pattern) \($0.matched ? "✓" : "✗")" }
            row("Rules tried", tried.joined(separator: ", "))
        }
        lines.append("")

        lines.append(style.bold("Release context"))
        row("Mode", e.release.mode.rawValue)
        row("Version", "\(e.release.version ?? "unknown") — \(e.release.source)")
        if let line = e.release.line { row("Line", line) }
        if let bump = e.release.bump {
            let decidedBy = bump.commit.map { "commit \($0.short)" + (bump.subject.map { " \"\($0)\"" } ?? "") + ", " } ?? ""
            row("Bump", "\(bump.level) — \(decidedBy)\(bump.reason)")
        }
        if let manager = e.release.manager { row("Manager", manager) }
        row("Commit", e.commit?.hex ?? "none (no commits yet)")
        row("Branch", e.branch ?? "-")
        row("Tag", e.tag ?? "-")
        if let package = e.package { row("Package", "\(package.name) — \(package.path)/ (\(package.origin))") }
        // Only when a .deploy.yml sets the policy: with built-in defaults everywhere every value is "default".
        if let policy = e.policy, policy.hasFile {
            lines.append("")
            lines.append(style.bold("Policy"))
            row("Source", policy.source)
            for (index, value) in policy.values.enumerated() {
                row(index == 0 ? "Values" : "", "\(value.key): \(value.value) — \(value.origin)")
            }
        }
        for warning in e.warnings {
            lines.append(style.yellow(t("warning: \(warning)")))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func describe(_ evidence: OptionEvidence) -> String {
        var parts = [evidence.reason]
        if let commit = evidence.commit {
            parts.append("commit \(commit.short)" + (evidence.subject.map { " \"\($0)\"" } ?? ""))
        }
        if let path = evidence.path { parts.append(path) }
        return parts.joined(separator: ", ")
    }
}
