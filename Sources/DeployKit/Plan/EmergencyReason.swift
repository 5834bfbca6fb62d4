import Foundation

/// Why an emergency deployment bypassed the freeze and promotion gates (issue 14): required, so
/// that every bypass is accountable. Given as `--emergency "db outage"`, or as a bare
/// `--emergency` with the reason in `GIT_DEPLOY_EMERGENCY_REASON` (a CI job's variable).
public enum EmergencyReason {
    public static let environmentVariable = "GIT_DEPLOY_EMERGENCY_REASON"
    /// Past this many characters the reason is refused: it goes into the hand-off, the handler's
    /// environment and every history listing.
    public static let maxCharacters = InputLimits.emergencyReasonCharacters

    /// Why a reason was refused, in words the command line can print as a usage error.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The reason to record: the flag's value when it has one, else the environment variable's;
    /// trimmed, control characters escaped (it is printed and written to one-line formats).
    /// - Parameter flag: the value given to `--emergency`; "" when it was given bare.
    public static func resolve(flag: String, environment: [String: String]) throws(Problem) -> String {
        let given = trimmed(flag)
        let text = given.isEmpty ? trimmed(environment[environmentVariable] ?? "") : given
        guard !text.isEmpty else {
            throw Problem(description: "--emergency needs a reason, so that the bypass is accountable: --emergency \"db outage\" (the reason follows the flag, so put ENV before it), or --emergency with \(environmentVariable)=\"db outage\" in the environment")
        }
        let count = text.unicodeScalars.count
        guard count <= maxCharacters else {
            let source = given.isEmpty ? environmentVariable : "the --emergency reason"
            throw Problem(description: "\(source) is \(count) characters; at most \(maxCharacters) are accepted: say in a sentence why, and link to the incident")
        }
        return TerminalText.escaped(text)
    }

    private static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension EmergencyReason {
    /// Every caller that asks for `--emergency` (the command line, an automatic rollback of an
    /// emergency deployment) passes its reason; nothing else may lift the gates.
    static func check(_ request: DeploymentRequest) throws(DeployError) {
        guard request.options.contains(.emergency), request.emergencyReason?.isEmpty ?? true else { return }
        throw DeployError(.internalFault, "an emergency deployment was requested without a reason",
                          hint: "give one: --emergency \"db outage\" or \(environmentVariable)")
    }
}

extension EmergencyReason {
    /// A `refs:` rule in `.deploy.yml` cannot make every deployment of a ref an emergency: that
    /// would lift the freeze and promotion gates for whoever pushes it, with nobody giving a
    /// reason. The option is ignored and this warning says so (commit trailers are refused the
    /// same way by the option scanner).
    static func refusedFromConfiguration(_ rule: RefRule) -> [String] {
        guard rule.options.contains(.emergency) else { return [] }
        return ["the ref rule \(rule.pattern) (\(rule.origin)) asks for --emergency, which configuration cannot give: ignored; if it really is one, run git deploy with --emergency \"REASON\" yourself"]
    }
}
