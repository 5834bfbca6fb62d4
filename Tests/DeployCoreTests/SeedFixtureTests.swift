import Foundation
import Testing

@Suite("Seed fixture", .tags(.process))
struct SeedFixtureTests {
    @Test(
        "the fixture is exactly what scripts/extract-seed-router.sh extracts from the seed",
        .enabled(
            if: SeedSource.markdown != nil,
            "no seed markdown at /work/shared or ../shared, so the fixture was not re-extracted"
        )
    )
    func fixtureMatchesSeed() throws {
        let markdown = try #require(SeedSource.markdown)
        let extracted = FileManager.default.temporaryDirectory.appendingPathComponent("seed-router-\(UUID().uuidString).sh")
        defer { try? FileManager.default.removeItem(at: extracted) }
        _ = try runBash(#""$1" "$2" "$3""#, arguments: [SeedSource.extractScript.path, markdown.path, extracted.path])
        let fresh = try Data(contentsOf: extracted)
        let fixture = try Data(contentsOf: SeedSource.fixture)
        #expect(fresh == fixture, "re-run scripts/extract-seed-router.sh \(markdown.path) Tests/Fixtures/seed-router.sh")
    }

    @Test("the fixture defines the seed's routing functions")
    func fixtureShape() throws {
        let text = try String(contentsOf: SeedSource.fixture, encoding: .utf8)
        for needle in ["declare -A ROUTING_MATRIX", "calculate_routing_key() {", "assess_deployment_complexity() {", "get_routing_target() {"] {
            #expect(text.contains(needle))
        }
    }
}
