import Foundation
import GitRepository

/// The text of one note under `refs/notes/deployments`: a JSON array of entries, one per line.
///
/// Whatever else is found there (a note written by hand, or by another tool, or an element that
/// is not an entry) is kept as a *foreign* element and written back unchanged when we append: it
/// is skipped when reading, with a warning naming the commit, and never dropped. A note that is
/// not JSON at all is kept as `{"preserved_note": "<its text>"}` (or `preserved_note_base64` when
/// it is not UTF-8) at the head of the list. Refusing to record instead would lose the record of a
/// deployment that already happened, which is worse than one note changing shape; the original
/// text stays readable, byte for byte, in `git notes --ref deployments show <commit>`.
public struct NoteDocument: Sendable, Equatable {
    public enum Element: Sendable, Equatable {
        case entry(DeploymentRecord)
        case foreign(JSONValue)
    }

    public var elements: [Element]
    /// Why parts of the note were skipped, one line each (without the commit; the reader adds it).
    public var problems: [String] = []

    public init(elements: [Element] = [], problems: [String] = []) {
        self.elements = elements
        self.problems = problems
    }

    public var entries: [DeploymentRecord] {
        elements.compactMap { if case .entry(let entry) = $0 { entry } else { nil } }
    }

    /// Reads a note's bytes; never fails (see the type's comment for what is kept how).
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> NoteDocument {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return NoteDocument() }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            return NoteDocument(elements: [.foreign(preserved(bytes))],
                                problems: ["the note is not JSON (\(error)); skipped, and kept as written"])
        }
        switch json {
        case .array(let items):
            var document = NoteDocument()
            for (index, item) in items.enumerated() {
                if let entry = DeploymentRecord(json: item) {
                    document.elements.append(.entry(entry))
                } else {
                    document.elements.append(.foreign(item))
                    document.problems.append("element \(index + 1) of the note is not a deployment entry (\(describe(item))); skipped, and kept as written")
                }
            }
            return document
        case .object:
            if let entry = DeploymentRecord(json: json) { return NoteDocument(elements: [.entry(entry)]) }
            return NoteDocument(elements: [.foreign(json)],
                                problems: ["the note is a JSON object, not a list of deployment entries (\(describe(json))); skipped, and kept as written"])
        default:
            return NoteDocument(elements: [.foreign(preserved(bytes))],
                                problems: ["the note is JSON but not a list of deployment entries; skipped, and kept as written"])
        }
    }

    public static func parse(_ bytes: [UInt8]) -> NoteDocument {
        bytes.withUnsafeBytes { parse($0) }
    }

    /// The note's new text: `[`, one compact element per line, `]`.
    public func serialized() -> [UInt8] {
        let lines = elements.map { element -> String in
            switch element {
            case .entry(let entry): entry.json.serialized()
            case .foreign(let value): value.serialized()
            }
        }
        return Array(("[\n" + lines.joined(separator: ",\n") + "\n]\n").utf8)
    }

    private static func preserved(_ bytes: UnsafeRawBufferPointer) -> JSONValue {
        if let text = String(validating: bytes, as: UTF8.self) {
            return .object([("preserved_note", .string(text))])
        }
        return .object([("preserved_note_base64", .string(Data(bytes).base64EncodedString()))])
    }

    private static func describe(_ value: JSONValue) -> String {
        guard case .object = value else { return "not an object" }
        if value["preserved_note"] != nil || value["preserved_note_base64"] != nil { return "text kept from a note git-deploy did not write" }
        for key in ["id", "environment", "commit", "status", "timestamp"] where value[key]?.stringValue == nil {
            return "no string '\(key)'"
        }
        if let commit = value["commit"]?.stringValue, ObjectID(hex: commit) == nil { return "'commit' is not a 40-hex id" }
        if let status = value["status"]?.stringValue, DeploymentStatus(rawValue: status) == nil {
            return "unknown status '\(status.prefix(40))'"
        }
        return "missing fields"
    }
}
