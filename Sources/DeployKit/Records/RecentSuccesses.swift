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
/// run, not the size of the history. Everything is read from scratch (as without the file) when
/// the file is missing, unreadable or for another ref, when more than `changedNotesLimit` notes
/// differ, or when an environment no longer has enough entries known to answer.
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

    /// The newest successful entries of `environment`, newest first (at most `kept`).
    func entries(of environment: String) -> [DeploymentRecord] {
        environments[environment]?.entries.map(\.entry) ?? []
    }

    /// The index for the current `tip` of `ref`: brought up to date from the file if it can be,
    /// read from scratch otherwise, and written back when it changed (best effort).
    static func load(repository: Repository, ref: String, tip: ObjectID) throws(DeployError) -> RecentSuccesses {
        let path = repository.commonDirectory + "/deploy/recent-successes"
        if let remembered = RecentSuccesses(file: path, ref: ref) {
            if remembered.tip == tip { return remembered }
            if let updated = try? remembered.advanced(to: tip, in: repository) {
                updated.save(to: path)
                return updated
            }
        }
        let full = try scan(repository: repository, ref: ref, tip: tip)
        full.save(to: path)
        return full
    }

    /// Every note of `tip` read: the index from scratch.
    static func scan(repository: Repository, ref: String, tip: ObjectID) throws(DeployError) -> RecentSuccesses {
        // Trimmed as it goes: memory follows the environments, not the history.
        var environments: [String: Environment] = [:]
        try DeployError.reading("read the notes in \(ref)") {
            try repository.forEachNote(inNotesCommit: tip) { note, bytes in
                for kept in successes(in: NoteDocument.parse(bytes), on: note.annotated) {
                    environments[kept.entry.environment, default: Environment()].insert(kept)
                }
            }
        }
        return RecentSuccesses(ref: ref, tip: tip, environments: environments)
    }

    /// This index moved to `tip`: the entries of the notes that differ are dropped and read again.
    /// Nil when that cannot answer for some environment (a full read is needed).
    func advanced(to tip: ObjectID, in repository: Repository) throws(GitError) -> RecentSuccesses? {
        guard let changed = try repository.changedNotes(from: self.tip, to: tip, limit: RecentSuccesses.changedNotesLimit) else { return nil }
        var environments = self.environments
        for name in environments.keys {
            environments[name]!.entries.removeAll { changed.contains($0.annotated) }
        }
        for annotated in changed {
            guard let note = try repository.note(on: annotated, inNotesCommit: tip) else { continue }
            for kept in RecentSuccesses.successes(in: NoteDocument.parse(try repository.blobBytes(note.blob)), on: annotated) {
                environments[kept.entry.environment, default: Environment()].insert(kept)
            }
        }
        for (name, environment) in environments {
            if environment.entries.isEmpty && environment.complete { environments[name] = nil }
            // Entries were removed below what is known: the next ones are among the unread notes.
            if environment.entries.count < 2 && !environment.complete { return nil }
        }
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
        if lhs.annotated != rhs.annotated { return lhs.annotated.hex > rhs.annotated.hex }
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

    /// Reads the file; nil when it is missing, for another ref, or not in this format.
    ///
    ///     git-deploy recent-successes 1
    ///     ref refs/notes/deployments
    ///     tip <notes commit>
    ///     incomplete <environment as a JSON string>        (one line per environment with older successes)
    ///     entry <annotated commit> <position> <entry as JSON>
    init?(file path: String, ref: String) {
        guard let bytes = FileSystem.readFileIfPresent(path), bytes.count <= RecentSuccesses.fileSizeLimit else { return nil }
        let lines = bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3, lines[0] == RecentSuccesses.header, lines[1] == "ref " + ref,
              lines[2].hasPrefix("tip "), let tip = ObjectID(hex: String(lines[2].dropFirst(4))) else { return nil }
        var environments: [String: Environment] = [:]
        for line in lines.dropFirst(3) {
            let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
            switch parts.first {
            case "incomplete" where parts.count >= 2:
                guard case .string(let name)? = try? JSONParser.parse(Array(line.utf8.dropFirst(11))) else { return nil }
                environments[name, default: Environment()].complete = false
            case "entry" where parts.count == 4:
                guard let annotated = ObjectID(hex: String(parts[1])), let position = Int(parts[2]),
                      let json = try? JSONParser.parse(Array(parts[3].utf8)), let entry = DeploymentRecord(json: json),
                      entry.status == .succeeded else { return nil }
                environments[entry.environment, default: Environment()].entries.append(Kept(annotated: annotated, position: position, entry: entry))
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
    func save(to path: String) {
        var text = "\(RecentSuccesses.header)\nref \(ref)\ntip \(tip.hex)\n"
        for name in environments.keys.sorted() {
            let environment = environments[name]!
            if !environment.complete { text += "incomplete \(JSONValue.string(name).serialized())\n" }
            for kept in environment.entries {
                text += "entry \(kept.annotated.hex) \(kept.position) \(kept.entry.json.serialized())\n"
            }
        }
        try? AtomicFile.write(Array(text.utf8), to: path)
    }
}
