import Foundation
import Testing
import TestSupport

/// The README is executed: every ```console block after a `<!-- runnable -->` line is run, in
/// order, by one bash in a fresh folder (so `cd` carries over from block to block, as for a reader),
/// and each command's output must match the lines under it, `…` standing for any text.
@Suite("the README runs as written", .tags(.endToEnd))
struct EcosystemReadmeEndToEndTests {
    struct Step { let command: String; let expected: String }

    /// The `$ ` commands and their expected output from the runnable console blocks.
    static func steps(of readme: String) -> [Step] {
        var steps: [Step] = []
        var runnable = false, inside = false
        var command: String?, expected: [String] = []
        func flush() {
            if let command { steps.append(Step(command: command, expected: expected.joined(separator: "\n"))) }
            command = nil
            expected = []
        }
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !inside {
                if line == "<!-- runnable -->" { runnable = true } else if line == "```console" && runnable { inside = true } else if !line.isEmpty { runnable = false }
                continue
            }
            if line == "```" { flush(); inside = false; runnable = false; continue }
            if line.hasPrefix("$ ") { flush(); command = String(line.dropFirst(2)) } else { expected.append(line) }
        }
        return steps
    }

    /// `…` matches any text (across lines too); everything else literally.
    static func matches(_ actual: String, _ expected: String) -> Bool {
        let pattern = expected.components(separatedBy: "…").map(NSRegularExpression.escapedPattern(for:)).joined(separator: "[\\s\\S]*?")
        guard let regex = try? NSRegularExpression(pattern: "^" + pattern + "$") else { return false }
        return regex.firstMatch(in: actual, range: NSRange(actual.startIndex..., in: actual)) != nil
    }

    @Test("the Quick start and every runnable console block print what the README shows")
    func readmeRuns() throws {
        let readme = try String(contentsOf: Ecosystem.source("README.md"), encoding: .utf8)
        let steps = Self.steps(of: readme)
        #expect(steps.count >= 10, "runnable blocks found: \(steps.count)")
        #expect(steps.first?.command == "git init -q shop && cd shop")
        let sandbox = try Sandbox("readme")
        let marker = "@@step-\(UUID().uuidString)@@"
        var script = "exec 2>&1\n"
        for (index, step) in steps.enumerated() {
            script += "echo '\(marker)\(index)'\n\(step.command)\n"
        }
        // A reader's machine: git-deploy installed on PATH, jq, Git with an identity.
        let result = try Ecosystem.run("/bin/bash", ["-c", script], in: sandbox.root,
                                       environment: ["PATH": GitDeployBinary.pathWithBinary, "HOME": sandbox.path])
        let outputs = result.stdout.components(separatedBy: marker).dropFirst().map { chunk -> String in
            let body = chunk.drop(while: { $0 != "\n" }).dropFirst()
            return String(body.hasSuffix("\n") ? body.dropLast() : body)
        }
        #expect(outputs.count == steps.count, "\(result.stdout)")
        for (step, output) in zip(steps, outputs) {
            #expect(Self.matches(output, step.expected), "README step `$ \(step.command)`:\n--- expected\n\(step.expected)\n--- actual\n\(output)")
        }
    }

    @Test("the matcher takes … as any text and nothing else")
    func matcher() {
        #expect(Self.matches("installed /tmp/x/shop/.git/hooks/pre-push", "installed /…/shop/.git/hooks/pre-push"))
        #expect(!Self.matches("installed /tmp/x/shop/.git/hooks/post-merge", "installed /…/shop/.git/hooks/pre-push"))
        #expect(Self.matches("a\nb\nc", "a\n…\nc"))
        #expect(!Self.matches("a (b)", "a [b]"))
    }

    @Test("--dry-run writes .deployment_config and nothing else, as the README says")
    func dryRunWrites() throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        defer { withExtendedLifetime(sandbox) {} }
        let result = try GitDeployBinary.run(["staging", "--dry-run"], in: repo.directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("[hand-off] wrote \(repo.path)/.deployment_config"))
        // The hand-off is written, and ignored through .git/info/exclude (issue 18), never left untracked.
        #expect(try repo.git("status", "--porcelain", "--ignored") == "!! .deployment_config\n")
        #expect(try repo.git("notes", "--ref", "deployments", "list").isEmpty)
    }
}
