import Foundation
import Testing
import TestSupport

/// The fast tier is chosen by name (`FastTier.command`), the tiers are declared by tags: this
/// reads every suite declaration under Tests/ and checks that the two agree, so a new suite
/// that starts a process cannot slip into the fast tier untagged.
@Suite("test tiers: every suite has one tier tag, and the fast tier's command skips exactly the slow ones", .tags(.fast))
struct TierTagTests {
    static let tiers = ["fast", "repository", "process", "endToEnd"]

    /// Test target folder, suite type name, and the tier tags on its `@Suite` declaration.
    static func suites() throws -> [(target: String, name: String, tags: [String])] {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let files = FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        var found: [(String, String, [String])] = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where line.hasPrefix("@Suite(") {
                let declaration = lines[index...].prefix { !$0.contains("struct ") && !$0.contains("class ") }.joined()
                let typeLine = lines[index...].first { $0.contains("struct ") || $0.contains("class ") } ?? ""
                let name = typeLine.components(separatedBy: .whitespaces).drop { $0 != "struct" && $0 != "class" }
                    .dropFirst().first ?? "?"
                let target = file.path.dropFirst(tests.path.count + 1).components(separatedBy: "/")[0]
                found.append((target, name, tiers.filter { declaration.contains(".\($0))") || declaration.contains(".\($0),") }))
            }
        }
        return found
    }

    @Test("each @Suite under Tests/ carries exactly one of the tier tags")
    func oneTierEach() throws {
        let suites = try Self.suites()
        #expect(suites.count > 50, "found only \(suites.count) suites: is #filePath still under Tests/?")
        for suite in suites {
            #expect(suite.tags.count == 1, "\(suite.target).\(suite.name): add exactly one of .tags(.\(Self.tiers.joined(separator: "), .tags(."))) to its @Suite")
        }
    }

    @Test("FastTier.command skips a suite exactly when it is not tagged fast")
    func commandMatchesTags() throws {
        for suite in try Self.suites() {
            let skipped = FastTier.skipped.contains { suite.target.contains($0) || suite.name.contains($0) }
            #expect(skipped == (suite.tags != ["fast"]),
                    "\(suite.target).\(suite.name) is tagged \(suite.tags) but \(skipped ? "is" : "is not") in FastTier.skipped")
        }
    }
}
