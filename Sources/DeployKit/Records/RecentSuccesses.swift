import Foundation
import GitRepository

/// Per environment, the newest successful entries of the history as of one notes commit: what a
/// plan asks the history for (the running deployment and the one before it), without reading
/// every note on every run.
///
/// Kept in `.git/deploy/recent-successes`, keyed by the notes commit it describes. A notes commit
/// never changes, so the file can only be out of date, never wrong: when the ref has moved
/// (our own append, a fetch, another tool's write) the notes trees of the two commits are
/// compared — only the fan-out directories that changed are opened — and only the notes that
/// differ are read again. The cost of a record therefore follows what changed since the last
/// run, not the size of the history. An environment is learnt the first time it is asked for,
/// by a limited history read (`HistoryStore.read`, which the history-bounds cache keeps short);
/// everything is learnt again that way when the file is missing, unreadable or for another
/// ref, when more than `changedNotesLimit` notes differ, or when an environment no longer has
/// enough entries known to answer.
struct RecentSuccesses {
    /// Entries kept per environment. A plan needs two; the others absorb entries that a later
    /// change removes (a note rewritten by hand, an entry marked rolled-back) without a full read.
    static let kept = 4
    /// Notes that may differ from the remembered commit before a full read is cheaper.
    static let changedNotesLimit = 512
    /// A larger file is not ours (four entries per environment): it is ignored and rewritten.
    static let fileSizeLimit = 4 << 20

    /// One successful entry and where it was read: the note on `annotated`, its `position`-th
    /// entry. Ties in time are broken as a full read breaks them: later in the notes tree first.
    struct Kept {
        let annotated: ObjectID
        let position: Int
        let entry: DeploymentRecord
    }

    /// The newest successful entries of one environment, newest first.
    struct Environment {
        var entries: [Kept] = []
        /// Whether `entries` holds all of the environment's successes (nothing older was dropped).
        var complete = true
    }

    let ref: String
    let tip: ObjectID
    private(set) var environments: [String: Environment]

    /// The newest successful entries of `environment`, newest first (at most `kept`); nil when
    /// this index has not learnt the environment.
    func entries(of environment: String) -> [DeploymentRecord]? {
        environments[environment]?.entries.map(\.entry)
    }

    /// The newest successful entries of `environment` at the current `tip` of `ref`, newest
    /// first: from the file, brought up to date if it can be, learnt by a history read
    /// otherwise; the file is written back when it changed (best effort).
    static func entries(of environment: String, store: HistoryStore, tip: ObjectID) throws(DeployError) -> [DeploymentRecord] {
        let repository = store.repository
        let remembered = RecentSuccesses(commonDirectory: repository.commonDirectory, ref: store.ref)
        var index: RecentSuccesses
        if let remembered, remembered.tip == tip {
            index = remembered
        } else if let remembered, let updated = try? remembered.advanced(to: tip, in: repository) {
            index = updated
        } else {
            index = RecentSuccesses(ref: store.ref, tip: tip, environments: [:])
        }
        if index.environments[environment] == nil {
            let page = try store.read(HistoryQuery(environment: environment, statuses: [.succeeded], limit: kept), notesCommit: tip)
            let entries = zip(page.entries, page.locations).map { Kept(annotated: $1.annotated, position: $1.position, entry: $0) }
            var learnt = Environment(entries: entries, complete: entries.count < kept)
            learnt.trim()
            index.environments[environment] = learnt
        }
        if remembered?.tip != tip || remembered?.environments[environment] == nil { index.save(commonDirectory: repository.commonDirectory) }
        return index.entries(of: environment) ?? []
    }

    /// This index moved to `tip`: the entries of the notes that differ are dropped and read again
    /// (for the environments it knows). Nil when that cannot answer for some environment.
    func advanced(to tip: ObjectID, in repository: Repository) throws(GitError) -> RecentSuccesses? {
        guard let changed = try repository.changedNotes(from: self.tip, to: tip, limit: RecentSuccesses.changedNotesLimit) else { return nil }
        var environments = self.environments
        for name in environments.keys {
            environments[name]!.entries.removeAll { changed.contains($0.annotated) }
        }
        for annotated in changed {
            guard let note = try repository.note(on: annotated, inNotesCommit: tip) else { continue }
            for kept in RecentSuccesses.successes(in: NoteDocument.parse(try repository.blobBytes(note.blob)), on: annotated) {
                environments[kept.entry.environment]?.insert(kept)
            }
        }
        // Entries were removed below what is known: the next ones are among the unread notes.
        if environments.values.contains(where: { $0.entries.count < 2 && !$0.complete }) { return nil }
        return RecentSuccesses(ref: ref, tip: tip, environments: environments)
    }

    private static func successes(in document: NoteDocument, on annotated: ObjectID) -> [Kept] {
        document.entries.enumerated().compactMap { position, entry in
            entry.status == .succeeded ? Kept(annotated: annotated, position: position, entry: entry) : nil
        }
    }

    private init(ref: String, tip: ObjectID, environments: [String: Environment]) {
        self.ref = ref
        self.tip = tip
        self.environments = environments
    }
}

extension RecentSuccesses.Kept {
    /// The order of a full history read: newest first, then later in the notes tree first.
    static func newerFirst(_ lhs: Self, _ rhs: Self) -> Bool {
        let left = lhs.entry.date ?? .distantPast, right = rhs.entry.date ?? .distantPast
        if left != right { return left > right }
        // ObjectID orders as its hex digits do, without making them.
        if lhs.annotated != rhs.annotated { return lhs.annotated > rhs.annotated }
        return lhs.position > rhs.position
    }
}

extension RecentSuccesses.Environment {
    /// Adds an entry read from a changed note. When older entries were dropped before, one older
    /// than every entry kept could rank anywhere among them: it is not kept (it is not among the
    /// newest anyway).
    mutating func insert(_ kept: RecentSuccesses.Kept) {
        if !complete, let oldest = entries.last, !RecentSuccesses.Kept.newerFirst(kept, oldest) { return }
        if !complete && entries.isEmpty { return }
        entries.append(kept)
        trim()
    }

    /// Sorts newest first and keeps `RecentSuccesses.kept`.
    mutating func trim() {
        entries.sort(by: RecentSuccesses.Kept.newerFirst)
        if entries.count > RecentSuccesses.kept {
            entries.removeLast(entries.count - RecentSuccesses.kept)
            complete = false
        }
    }
}

// MARK: - The file

extension RecentSuccesses {
    private static let header = "git-deploy recent-successes 1"
    /// Below the common Git directory (shared by linked worktrees, as the notes ref is).
    static let fileName = "deploy/recent-successes"

    /// Reads the file; nil when it is missing, for another ref, or not in this format.
    ///
    ///     git-deploy recent-successes 1
    ///     ref refs/notes/deployments
    ///     tip <notes commit>
    ///     environment complete|incomplete <name as a JSON string>   (incomplete: it has older successes)
    ///     entry <annotated commit> <position> <entry as JSON>         (of an environment listed before)
    init?(commonDirectory: String, ref: String) {
        // A regular file of at most 4 MiB (not a link, not a FIFO); anything else is read around.
        guard let bytes = try? RepositoryFile.read(RecentSuccesses.fileName, in: commonDirectory, limit: RecentSuccesses.fileSizeLimit)
        else { return nil }
        let lines = bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3, lines[0] == RecentSuccesses.header, lines[1] == "ref " + ref,
              lines[2].hasPrefix("tip "), let tip = ObjectID(hex: String(lines[2].dropFirst(4))) else { return nil }
        var environments: [String: Environment] = [:]
        for line in lines.dropFirst(3) {
            let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            switch parts.first {
            case "environment" where parts.count >= 3 && (parts[1] == "complete" || parts[1] == "incomplete"):
                let name = line.utf8.dropFirst(parts[0].utf8.count + parts[1].utf8.count + 2)
                guard case .string(let name)? = try? JSONParser.parse(Array(name)), environments[name] == nil else { return nil }
                environments[name] = Environment(entries: [], complete: parts[1] == "complete")
            case "entry" where parts.count == 4:
                guard let annotated = ObjectID(hex: String(parts[1])), let position = Int(parts[2]),
                      let json = try? JSONParser.parse(Array(parts[3].utf8)), let entry = DeploymentRecord(json: json),
                      entry.status == .succeeded, environments[entry.environment] != nil else { return nil }
                environments[entry.environment]!.entries.append(Kept(annotated: annotated, position: position, entry: entry))
            default:
                return nil
            }
        }
        for name in environments.keys {
            environments[name]!.entries.sort(by: Kept.newerFirst)
            guard environments[name]!.entries.count <= RecentSuccesses.kept else { return nil }
        }
        self.init(ref: ref, tip: tip, environments: environments)
    }

    /// Writes the file atomically; a read-only repository keeps reading without it.
    func save(commonDirectory: String) {
        var text = "\(RecentSuccesses.header)\nref \(ref)\ntip \(tip.hex)\n"
        for name in environments.keys.sorted() {
            let environment = environments[name]!
            text += "environment \(environment.complete ? "complete" : "incomplete") \(JSONValue.string(name).serialized())\n"
            for kept in environment.entries {
                text += "entry \(kept.annotated.hex) \(kept.position) \(kept.entry.json.serialized())\n"
            }
        }
        try? AtomicFile.write(Array(text.utf8), to: commonDirectory + "/" + RecentSuccesses.fileName)
    }
}
