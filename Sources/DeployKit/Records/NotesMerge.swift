import Foundation

/// Merges two versions of one note (a concurrent append, or a fetched copy of the history):
/// the union of their entries by `id`, so nothing either side recorded is lost.
public enum NotesMerge {
    /// Foreign elements of both sides first (each once, ours first), then every entry once by id,
    /// oldest first. When both sides hold an entry with the same id, the version further along its
    /// lifecycle wins (a `succeeded` beats the `dispatched` it followed), then the later timestamp,
    /// then a monitoring window that ended over one still running, then ours.
    public static func merge(_ ours: NoteDocument, _ theirs: NoteDocument) -> NoteDocument {
        var foreign: [JSONValue] = []
        for case .foreign(let value) in ours.elements + theirs.elements where !foreign.contains(value) {
            foreign.append(value)
        }

        var entries: [DeploymentRecord] = []
        var index: [String: Int] = [:]
        for entry in ours.entries + theirs.entries {
            if let existing = index[entry.id] {
                if prefers(entry, over: entries[existing]) { entries[existing] = entry }
            } else {
                index[entry.id] = entries.count
                entries.append(entry)
            }
        }
        // Stable: entries with equal (or unreadable) timestamps keep the order they were appended in.
        let ordered = entries.enumerated().sorted { lhs, rhs in
            let left = lhs.element.date ?? .distantPast, right = rhs.element.date ?? .distantPast
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
        return NoteDocument(elements: foreign.map(NoteDocument.Element.foreign) + ordered.map(NoteDocument.Element.entry))
    }

    /// Appends (or, for an id already there, updates) one entry.
    public static func appending(_ entry: DeploymentRecord, to document: NoteDocument) -> NoteDocument {
        merge(document, NoteDocument(elements: [.entry(entry)]))
    }

    private static func prefers(_ candidate: DeploymentRecord, over current: DeploymentRecord) -> Bool {
        if candidate.status.rank != current.status.rank { return candidate.status.rank > current.status.rank }
        let candidateDate = candidate.date ?? .distantPast, currentDate = current.date ?? .distantPast
        if candidateDate == currentDate, candidate.monitorRank != current.monitorRank { return candidate.monitorRank > current.monitorRank }
        return candidateDate > currentDate
    }
}
