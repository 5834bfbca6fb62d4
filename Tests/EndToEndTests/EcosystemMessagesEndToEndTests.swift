import Foundation
import Testing
import TestSupport

/// Messages that lead somewhere: a hint, followed, resolves the error; the text output has no
/// stray rows; `config` numbers every list from 0.
@Suite("messages that lead somewhere", .tags(.endToEnd))
struct EcosystemMessagesEndToEndTests {
    @Test("the infra-orchestrator hint: --type does not help, --complexity medium as it says does")
    func infraOrchestratorHint() throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        defer { withExtendedLifetime(sandbox) {} }
        let complex = ["staging", "--yes", "--multi-service", "--database-migration"]
        var result = try GitDeployBinary.run(complex, in: repo.directory)
        #expect(result.status == 3)
        #expect(result.output.contains("infra-orchestrator needs platform files"), "\(result.output)")
        #expect(!result.output.contains("pass --type for the platform"))
        #expect(result.output.contains("--type does not add files"))
        result = try GitDeployBinary.run(complex + ["--type", "k8s"], in: repo.directory)
        #expect(result.status == 3, "--type alone still lacks the files, as the message says")
        result = try GitDeployBinary.run(complex + ["--complexity", "medium"], in: repo.directory)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("via direct-deployment"), "\(result.output)")
    }

    @Test("explain's second option row is indented, with no bare ':' label")
    func explainContinuationRows() throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        defer { withExtendedLifetime(sandbox) {} }
        let result = try GitDeployBinary.run(["explain", "staging", "--multi-service", "--database-migration"], in: repo.directory)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(!lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(":") }, "\(result.stdout)")
        #expect(lines.contains { $0 == "  Options:      --multi-service — command line" }, "\(result.stdout)")
        #expect(lines.contains { $0 == "                --database-migration — command line" }, "\(result.stdout)")
    }

    @Test("config numbers refs and routes alike, from 0 as the YAML paths in errors do")
    func configNumbering() throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        defer { withExtendedLifetime(sandbox) {} }
        let result = try GitDeployBinary.run(["config"], in: repo.directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("refs[0] "))
        #expect(result.stdout.contains("routes[0] "), "\(result.stdout)")
        #expect(!result.stdout.contains("routes[7]"))
    }

    @Test("git deploy help COMMAND prints that command's help")
    func helpSubcommand() throws {
        let (sandbox, repo) = try Sandbox.withInitialCommit()
        defer { withExtendedLifetime(sandbox) {} }
        let result = try GitDeployBinary.run(["help", "install"], in: repo.directory)
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: git-deploy install [--force] [--chain]"), "\(result.stdout)")
    }
}
