import Foundation
import GitRepository

/// Which entries a history read returns, newest first.
public struct HistoryQuery: Sendable {
    /// Only this (canonical) environment; nil for all.
    public var environment: String?
    /// Only these statuses; nil for all.
    public var statuses: Set<DeploymentStatus>?
    /// At most this many; nil for all.
    public var limit: Int?

    public init(environment: String? = nil, statuses: Set<DeploymentStatus>? = nil, limit: Int? = nil) {
        self.environment = environment
        self.statuses = statuses
        self.limit = limit
    }

    func matches(_ entry: DeploymentRecord) -> Bool {
        (environment.map { $0 == entry.environment } ?? true) && (statuses.map { $0.contains(entry.status) } ?? true)
    }
}

/// Entries read from the history, and what was skipped on the way.
public struct HistoryPage: Sendable {
    /// Newest first.
    public var entries: [DeploymentRecord]
    /// One line per note (or part of one) that was not a deployment entry, naming the commit.
    public var warnings: [String]
    /// Where each of `entries` was read: the object its note is on, and its place among the note's entries.
    var locations: [(annotated: ObjectID, position: Int)] = []
}

/// The deployment history (DESIGN §8): JSON entries in Git notes on the deployed commits under
/// `refs/notes/deployments`. Reads iterate the notes tree (never the commit graph); writes go
/// through `NotesPublisher`'s compare-and-swap.
public struct HistoryStore {
    public static let notesRef = "refs/notes/deployments"

    public let repository: Repository
    public let ref: String
    /// `records.require-signed`: appends are published as signed notes commits.
    public let signed: Bool

    public init(repository: Repository, ref: String = HistoryStore.notesRef, signed: Bool = false) {
        self.repository = repository
        self.ref = ref
        self.signed = signed
    }

    /// The entries `query` selects, newest first (by timestamp; entries of one note recorded in
    /// the same millisecond in the order they were appended).
    public func read(_ query: HistoryQuery = HistoryQuery()) throws(DeployError) -> HistoryPage {
        guard let tip = try DeployError.reading("read \(ref)", { try repository.referenceTarget(ref) }) else {
            return HistoryPage(entries: [], warnings: [])
        }
        return try read(query, notesCommit: tip)
    }

    /// The entries of the note on `commit` at the ref's tip as it is now (nothing is kept): only
    /// that note is read, not the rest of history.
    func entries(on commit: ObjectID) throws(DeployError) -> [DeploymentRecord] {
        guard let tip = try DeployError.reading("read \(ref)", { try repository.referenceTarget(ref) }),
              let note = try DeployError.reading("read the note on \(commit.short)", { try repository.note(on: commit, inNotesCommit: tip) })
        else { return [] }
        return try DeployError.reading("read the note on \(commit.short)") { NoteDocument.parse(try repository.blobBytes(note.blob)) }.entries
    }

    /// Reads the notes commit `tip` (the ref's tip, or a fetched copy of it).
    func read(_ query: HistoryQuery, notesCommit tip: ObjectID) throws(DeployError) -> HistoryPage {
        if let limit = query.limit, limit <= 0 { return HistoryPage(entries: [], warnings: []) }
        typealias Collected = (entry: DeploymentRecord, sequence: Int, annotated: ObjectID, position: Int)
        var candidates = try query.limit == nil ? allNotes(tip) : boundedNotes(tip)
        // With a limit, the notes that can hold the newest entries are parsed first, and the rest
        // are skipped once none can hold an entry newer than the last one kept. Notes with no
        // readable timestamp at all are parsed anyway: they are the ones that earn a warning.
        if query.limit != nil { candidates.sort { $0.bound > $1.bound } }

        var collected: [Collected] = []
        var warnings: [String] = []
        var sequence = 0
        for candidate in candidates {
            if let limit = query.limit, collected.count >= limit {
                let oldestKept = collected[limit - 1].entry.date ?? .distantPast
                if candidate.bound < oldestKept, candidate.bound != .distantPast { continue }
            }
            var bytes = candidate.bytes ?? []
            if candidate.bytes == nil {
                bytes = try DeployError.reading("read the note on \(candidate.note.annotated.hex)") { try repository.blobBytes(candidate.note.blob) }
            }
            let document = NoteDocument.parse(bytes)
            warnings += document.problems.map { "commit \(candidate.note.annotated.hex): \($0)" }
            for (position, entry) in document.entries.enumerated() {
                sequence += 1
                if query.matches(entry) { collected.append((entry, sequence, candidate.note.annotated, position)) }
            }
            if let limit = query.limit, collected.count >= limit {
                collected.sort(by: HistoryStore.newestFirst)
                collected.removeLast(collected.count - limit)
            }
        }
        collected.sort(by: HistoryStore.newestFirst)
        if let limit = query.limit, collected.count > limit { collected.removeLast(collected.count - limit) }
        return HistoryPage(entries: collected.map(\.entry), warnings: warnings, locations: collected.map { ($0.annotated, $0.position) })
    }

    private typealias Candidate = (note: Note, bytes: [UInt8]?, bound: Date)

    /// Every note with its text, for a read that returns everything.
    private func allNotes(_ tip: ObjectID) throws(DeployError) -> [Candidate] {
        var notes: [Candidate] = []
        try DeployError.reading("read the notes in \(ref)") {
            try repository.forEachNote(inNotesCommit: tip) { note, bytes in notes.append((note, Array(bytes), .distantFuture)) }
        }
        return notes
    }

    /// Every note with an upper bound of its timestamps: from the bounds cache, else by scanning
    /// its text (kept, since it was read anyway).
    private func boundedNotes(_ tip: ObjectID) throws(DeployError) -> [Candidate] {
        let notes = try DeployError.reading("read the notes in \(ref)") { try repository.notes(inNotesCommit: tip) }
        var cache = NoteBoundsCache(path: repository.commonDirectory + "/deploy/history-bounds")
        var candidates: [Candidate] = []
        candidates.reserveCapacity(notes.count)
        for note in notes {
            if let bound = cache.bound(forBlob: note.blob) {
                candidates.append((note, nil, bound))
                continue
            }
            let bytes = try DeployError.reading("read the note on \(note.annotated.hex)") { try repository.blobBytes(note.blob) }
            let bound = bytes.withUnsafeBytes { TimestampScan.newest(in: $0) }
            cache.remember(bound, forBlob: note.blob)
            candidates.append((note, bytes, bound))
        }
        cache.save(keeping: notes.map(\.blob))
        return candidates
    }

    /// Appends `entry` to the note on its commit (an entry with the same id is updated instead),
    /// keeping every other entry and anything foreign in the note. Returns the attempts it took.
    @discardableResult
    public func append(_ entry: DeploymentRecord, identity: Identity) throws(DeployError) -> Int {
        let publisher = NotesPublisher(repository: repository, ref: ref)
        let message = "git-deploy: record \(entry.id) (\(entry.environment) \(entry.status.rawValue))"
        return try publisher.publish(message: message) { tip throws(DeployError) -> ObjectID? in
            let unsigned = try DeployError.reading("write the deployment note") {
                let existing = try tip.flatMap { tip in try repository.note(on: entry.commit, inNotesCommit: tip) }
                let document = try existing.map { NoteDocument.parse(try repository.blobBytes($0.blob)) } ?? NoteDocument()
                let updated = NotesMerge.appending(entry, to: document)
                return try repository.createNotesCommit(
                    base: tip, parents: tip.map { [$0] } ?? [], notes: [entry.commit: updated.serialized()],
                    identity: identity, message: message)
            }
            guard signed else { return unsigned }
            return try NotesSigner(repository: repository).sign(unsigned, parents: tip.map { [$0] } ?? [], message: message, identity: identity)
        }
    }

    private static func newestFirst(_ lhs: (entry: DeploymentRecord, sequence: Int, annotated: ObjectID, position: Int),
                                    _ rhs: (entry: DeploymentRecord, sequence: Int, annotated: ObjectID, position: Int)) -> Bool {
        let left = lhs.entry.date ?? .distantPast, right = rhs.entry.date ?? .distantPast
        return left != right ? left > right : lhs.sequence > rhs.sequence
    }
}
