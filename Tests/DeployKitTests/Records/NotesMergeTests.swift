import Foundation
import Testing
@testable import DeployKit

@Suite("merging two versions of a note", .tags(.fast))
struct NotesMergeTests {
    typealias F = RecordFixtures

    @Test("the union by id of both sides, oldest first")
    func union() {
        let base = F.entry("a", at: 0)
        let ours = F.document(base, F.entry("b", at: 20))
        let theirs = F.document(base, F.entry("c", at: 10))
        let merged = NotesMerge.merge(ours, theirs)
        #expect(merged.entries.map(\.id) == ["a", "c", "b"])
        #expect(NotesMerge.merge(theirs, ours).entries.map(\.id) == ["a", "c", "b"])
    }

    @Test("merging is idempotent")
    func idempotent() {
        let document = F.document(F.entry("a", at: 0), F.entry("b", at: 5))
        #expect(NotesMerge.merge(document, document) == document)
    }

    @Test("one deployment's later status wins whichever side has it")
    func lifecycleWins() {
        let dispatched = F.entry("a", status: .dispatched, at: 0)
        let succeeded = F.entry("a", status: .succeeded, at: 30)
        #expect(NotesMerge.merge(F.document(dispatched), F.document(succeeded)).entries == [succeeded])
        #expect(NotesMerge.merge(F.document(succeeded), F.document(dispatched)).entries == [succeeded])
    }

    @Test("foreign elements of both sides are kept once, ahead of the entries")
    func foreignKept() {
        let note = JSONValue.object([("preserved_note", .string("deployed by hand"))])
        let ours = NoteDocument(elements: [.foreign(note), .entry(F.entry("a"))])
        let theirs = NoteDocument(elements: [.entry(F.entry("b", at: 1)), .foreign(note), .foreign(.int(7))])
        let merged = NotesMerge.merge(ours, theirs)
        #expect(merged.elements == [.foreign(note), .foreign(.int(7)), .entry(F.entry("a")), .entry(F.entry("b", at: 1))])
    }

    @Test("appending to a note that is not JSON keeps its text byte for byte")
    func appendToForeignNote() throws {
        let original = "deployed by hand — Bob\n\tno JSON here"
        let document = NoteDocument.parse(Array(original.utf8))
        #expect(document.entries.isEmpty)
        #expect(document.problems.count == 1)
        let appended = NotesMerge.appending(F.entry("a"), to: document)
        let reread = NoteDocument.parse(appended.serialized())
        #expect(reread.entries.map(\.id) == ["a"])
        #expect(reread.elements.first == .foreign(.object([("preserved_note", .string(original))])))
    }

    @Test("a note in another shape is kept as it was, element by element")
    func otherShapesKept() throws {
        let entry = F.entry("a").json.serialized()
        let text = #"[{"who":"other-tool"}, \#(entry), 42]"#
        let document = NoteDocument.parse(Array(text.utf8))
        #expect(document.entries.map(\.id) == ["a"])
        #expect(document.problems.count == 2)
        #expect(document.problems[0].contains("element 1"))
        let rewritten = NoteDocument.parse(NotesMerge.appending(F.entry("b", at: 1), to: document).serialized())
        #expect(rewritten.elements.contains(.foreign(.object([("who", .string("other-tool"))]))))
        #expect(rewritten.elements.contains(.foreign(.int(42))))
        #expect(rewritten.entries.map(\.id) == ["a", "b"])
    }

    @Test("a single entry object (written by hand) reads as a list of one")
    func singleObject() {
        let document = NoteDocument.parse(Array(F.entry("solo").json.serialized().utf8))
        #expect(document.entries.map(\.id) == ["solo"])
        #expect(document.problems.isEmpty)
    }

    @Test("a note that is not UTF-8 is kept as base64")
    func binaryNote() throws {
        let bytes: [UInt8] = [0xff, 0xfe, 0x00, 0x41]
        let document = NoteDocument.parse(bytes)
        guard case .foreign(let value)? = document.elements.first else { Issue.record("not kept"); return }
        let kept = try #require(value["preserved_note_base64"]?.stringValue)
        #expect(Data(base64Encoded: kept) == Data(bytes))
    }
}
