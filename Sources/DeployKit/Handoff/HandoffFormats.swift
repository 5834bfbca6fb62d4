import Foundation

/// The hand-off in the formats other tools read.
extension Handoff {
    /// `KEY='value'` lines: `source .deployment_config` in any POSIX shell sets exactly these
    /// values and runs nothing, whatever bytes a ref name holds (DESIGN §8, deviation D4).
    public var shellAssignments: String {
        values.map { "\($0.key)=\(ShellQuoting.singleQuoted($0.value))\n" }.joined()
    }

    /// Lines for `$GITHUB_OUTPUT`: `key=value`, or GitHub's heredoc form for a value with a line
    /// break, with a delimiter that cannot occur in the value.
    public var githubOutput: String {
        values.map { key, value in
            guard value.contains(where: \.isNewline) else { return "\(key)=\(value)\n" }
            var delimiter = "ghadelimiter_\(UUID().uuidString)"
            while value.contains(delimiter) { delimiter = "ghadelimiter_\(UUID().uuidString)" }
            return "\(key)<<\(delimiter)\n\(value)\n\(delimiter)\n"
        }.joined()
    }

    /// GitLab's `artifacts:reports:dotenv`: `KEY=value` lines, no quotes (GitLab keeps them as
    /// part of the value), no blank lines or comments, no line breaks in values, under 5 KiB.
    public func dotenv() throws(DeployError) -> String {
        var text = ""
        for (key, value) in values {
            if value.contains(where: \.isNewline) {
                throw DeployError.badInput("\(key) holds a line break, which GitLab's dotenv reports cannot carry",
                                           hint: "use --format json or --format github-output")
            }
            // GitLab strips surrounding blanks from values: say so rather than change them silently.
            if value.first?.isWhitespace == true || value.last?.isWhitespace == true {
                throw DeployError.badInput("\(key) starts or ends with a blank, which GitLab's dotenv reports strip",
                                           hint: "use --format json or --format github-output")
            }
            text += "\(key)=\(value)\n"
        }
        guard text.utf8.count < 5 * 1024 else {
            throw DeployError.badInput("the dotenv report is \(text.utf8.count) bytes; GitLab accepts under 5 KiB",
                                       hint: "use --format json")
        }
        return text
    }
}
