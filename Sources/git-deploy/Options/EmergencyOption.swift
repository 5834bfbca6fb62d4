import ArgumentParser
import DeployKit
import Foundation

/// `--emergency REASON` (issue 14). The argument parser has no option whose value may be left
/// out (and it reads `--emergency=` as missing), so a bare `--emergency` (last, or followed by
/// another flag) is given the value `fromEnvironment` before parsing, and `validate` then takes the reason from
/// GIT_DEPLOY_EMERGENCY_REASON or refuses it as a usage error (exit 64) that says how to give one.
enum EmergencyOption {
    static let help = ArgumentHelp(
        "An emergency deployment: bypasses freeze windows and promotion gates. REASON is required (or a bare --emergency with \(EmergencyReason.environmentVariable) set); it is printed, written to the hand-off, given to the handler and recorded with your Git identity.",
        valueName: "reason")

    /// What a bare `--emergency` becomes: a value nobody types (it starts with NUL, which no
    /// argv can hold), meaning "take the reason from the environment".
    static let fromEnvironment = "\u{0}git-deploy:emergency-reason-from-environment"

    /// The command line with each bare `--emergency` given `fromEnvironment` (up to `--`, after
    /// which everything is an argument).
    static func normalized(_ arguments: [String]) -> [String] {
        var result: [String] = []
        for (index, argument) in arguments.enumerated() {
            if argument == "--" {
                return result + arguments[index...]
            }
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if argument == "--emergency", next.map({ $0.hasPrefix("-") }) ?? true {
                result.append("--emergency=" + fromEnvironment)
            } else {
                result.append(argument)
            }
        }
        return result
    }

    /// The reason to use, or nil without --emergency.
    static func validate(_ flag: String?) throws -> String? {
        guard let flag else { return nil }
        do {
            return try EmergencyReason.resolve(flag: flag == fromEnvironment ? "" : flag, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

extension DeploymentRequest {
    /// The request with `--emergency`'s reason (validated) attached.
    func withEmergencyReason(_ reason: String?) -> DeploymentRequest {
        var request = self
        request.emergencyReason = reason
        return request
    }
}
