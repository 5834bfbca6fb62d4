import Foundation
import Testing
@testable import DeployKit

@Suite("timestamps", .tags(.fast))
struct TimestampTests {
    @Test("formats ISO 8601 UTC with milliseconds and parses it back")
    func roundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_767_323_045.678)
        #expect(Timestamp.format(date) == "2026-01-02T03:04:05.678Z")
        let parsed = try #require(Timestamp.parse("2026-01-02T03:04:05.678Z"))
        #expect(abs(parsed.timeIntervalSince(date)) < 0.001)
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000Z")
    }

    @Test("reads whole seconds and offsets")
    func variants() {
        #expect(Timestamp.parse("2026-01-02T03:04:05Z") == Date(timeIntervalSince1970: 1_767_323_045))
        #expect(Timestamp.parse("2026-01-02T05:04:05+02:00") == Date(timeIntervalSince1970: 1_767_323_045))
    }

    @Test("refuses what is not a timestamp", arguments: ["", "2026-01-02", "2026-13-02T03:04:05Z", "2026-01-02 03:04:05 UTC",
                                                           "2026-01-02T03:04:05", "2026-01-02T03:04:05.Z", "2026-01-02T03:04:05Zjunk"])
    func invalid(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("the raw scan bounds every entry's timestamp in a note")
    func scanBound() {
        let a = RecordFixtures.entry("a", at: 0), b = RecordFixtures.entry("b", at: 50)
        let bytes = NoteDocument(elements: [.entry(b), .entry(a)]).serialized()
        #expect(bytes.withUnsafeBytes { TimestampScan.newest(in: $0) } == b.date)
        let spaced = Array(#"[{"timestamp" :  "2030-01-01T00:00:00Z"}]"#.utf8)
        #expect(spaced.withUnsafeBytes { TimestampScan.newest(in: $0) } == Timestamp.parse("2030-01-01T00:00:00Z"))
        let escaped = Array(#"[{"time\u0073tamp":"2000-01-01T00:00:00Z"}]"#.utf8)
        #expect(escaped.withUnsafeBytes { TimestampScan.newest(in: $0) } == .distantFuture)
        #expect(Array("not json".utf8).withUnsafeBytes { TimestampScan.newest(in: $0) } == .distantPast)
    }
}
