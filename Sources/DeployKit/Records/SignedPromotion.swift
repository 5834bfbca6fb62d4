import GitRepository

/// What the history says about a commit's successful deployment to an environment, when only
/// signed entries count (`records.require-signed`).
public enum SignedPromotion: Sendable, Equatable {
    /// No successful deployment is recorded at all.
    case none
    /// One is, and the notes commit that recorded it carries a signature `git verify-commit` accepts.
    case verified(notesCommit: ObjectID)
    /// Some are, but none was recorded by a notes commit whose signature verifies: why, per entry.
    case unverified([String])

    /// Whether an entry counts for `environment` (the promotion gate's question).
    static func isSuccess(_ entry: DeploymentRecord, environment: String) -> Bool {
        entry.environment == environment && entry.status == .succeeded
    }
}

/// Finds, for each successful entry on a commit, the notes commit that *recorded* it — the one
/// whose note has the entry (by id, as a success) while none of its parents' notes has — and asks
/// the user's `git verify-commit` about that commit. An entry merely carried along by later
/// commits (a signed record of another deployment keeps every entry of the note it appends to,
/// and a `history --fetch` merge keeps both sides) is vouched for only by the commit that added it,
/// so a forged entry stays forged whatever is signed on top of it.
struct SignedPromotionCheck {
    let repository: Repository
    var ref = HistoryStore.notesRef
    /// Notes commits walked at most (one per recorded deployment): entries older than that many
    /// records cannot be verified and do not count.
    var maxCommits = 200_000

    func check(environment: String, commit: ObjectID) throws(DeployError) -> SignedPromotion {
        guard let tip = try DeployError.reading("read \(ref)", { try repository.referenceTarget(ref) }) else { return .none }
        var reader = NoteReader(repository: repository, annotated: commit, environment: environment)
        let wanted = try reader.successIDs(tip)
        guard !wanted.isEmpty else { return .none }

        var reasons: [String] = []
        var seen: Set<ObjectID> = [tip]
        var pending = [tip]
        while let notesCommit = pending.popLast() {
            guard seen.count <= maxCommits else {
                reasons.append("\(ref) has more than \(maxCommits) commits; older ones were not checked")
                break
            }
            let parents = try DeployError.reading("read the notes commit \(notesCommit.short)") { try repository.commit(notesCommit).parents }
            var introduced = try reader.successIDs(notesCommit).intersection(wanted)
            for parent in parents where !introduced.isEmpty {
                introduced.subtract(try reader.successIDs(parent))
            }
            if !introduced.isEmpty {
                let verdict = try verify(notesCommit)
                if verdict == nil { return .verified(notesCommit: notesCommit) }
                reasons.append("entry \(introduced.sorted().joined(separator: ", ").prefix(80)) was recorded by notes commit \(notesCommit.short), "
                               + "which \(verdict ?? "")")
            }
            // Only the parents whose note still has a wanted entry can lead to where it was added:
            // the walk goes back as far as the oldest wanted entry, not through all of history.
            for parent in parents where seen.insert(parent).inserted {
                if try !reader.successIDs(parent).isDisjoint(with: wanted) { pending.append(parent) }
            }
        }
        return .unverified(reasons)
    }

    /// nil when `git verify-commit` accepts the commit's signature; else what is wrong with it.
    private func verify(_ notesCommit: ObjectID) throws(DeployError) -> String? {
        let git = GitCommand(directory: repository.workTreeRoot ?? repository.gitDirectory)
        let result = try git.run(["verify-commit", notesCommit.hex])
        if result.status == 0 { return nil }
        let said = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        return said.isEmpty ? "is not signed" : "has no signature git verify-commit accepts (\(GitCommand.excerpt(said)))"
    }

    /// The ids of successful entries for one environment in the note on one commit, per notes
    /// commit; notes commits that share the note's blob share the answer.
    private struct NoteReader {
        let repository: Repository
        let annotated: ObjectID
        let environment: String
        var byBlob: [ObjectID: Set<String>] = [:]
        var byCommit: [ObjectID: Set<String>] = [:]

        init(repository: Repository, annotated: ObjectID, environment: String) {
            self.repository = repository
            self.annotated = annotated
            self.environment = environment
        }

        mutating func successIDs(_ notesCommit: ObjectID) throws(DeployError) -> Set<String> {
            if let known = byCommit[notesCommit] { return known }
            let ids = try readSuccessIDs(notesCommit)
            byCommit[notesCommit] = ids
            return ids
        }

        private mutating func readSuccessIDs(_ notesCommit: ObjectID) throws(DeployError) -> Set<String> {
            let note = try DeployError.reading("read the note on \(annotated.short) in \(notesCommit.short)") {
                try repository.note(on: annotated, inNotesCommit: notesCommit)
            }
            guard let blob = note?.blob else { return [] }
            if let known = byBlob[blob] { return known }
            let document = try DeployError.reading("read the note on \(annotated.short)") { NoteDocument.parse(try repository.blobBytes(blob)) }
            let ids = Set(document.entries.filter { SignedPromotion.isSuccess($0, environment: environment) }.map(\.id))
            byBlob[blob] = ids
            return ids
        }
    }
}
