import Foundation
import Testing
@testable import DeployKit

@Suite("the README's configuration reference", .tags(.fast))
struct ConfigurationReferenceTests {
    @Test("README.md carries exactly the reference generated from the validation's schema")
    func readmeIsCurrent() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let start = try #require(text.range(of: "<!-- config-reference:start -->\n"))
        let end = try #require(text.range(of: "<!-- config-reference:end -->"))
        let section = String(text[start.upperBound..<end.lowerBound])
        #expect(section == ConfigurationSchema.markdownReference, "run scripts/update-config-reference.sh")
    }

    @Test("every key the validation accepts is documented, and nothing else is")
    func schemaDrivesValidation() throws {
        #expect(ConfigurationSchema.children(of: "") == ["environments", "refs", "routes", "routes-replace-defaults", "targets", "platform", "inference", "packages", "release", "verify", "records", "monitor", "locks"])
        #expect(ConfigurationBuilder.environmentKeys == ["safety", "aliases", "require-promotion-from", "freeze", "readiness", "backup", "auto-dispatch", "allow"])
        #expect(ConfigurationSchema.children(of: "verify.<env>.probes[].http") == ["url", "status", "body-contains", "headers"])
        #expect(ConfigurationSchema.children(of: "locks") == ["remote", "timeout"])
        // A key that the schema lists is accepted; one it does not is refused with a suggestion.
        _ = try ConfigurationLoader.parse(Array("targets:\n  t:\n    run: [x]\n    timeout: 5\n".utf8), file: ".deploy.yml")
        #expect(throws: DeployError.self) {
            try ConfigurationLoader.parse(Array("targets:\n  t:\n    run: [x]\n    timeuot: 5\n".utf8), file: ".deploy.yml")
        }
    }
}
