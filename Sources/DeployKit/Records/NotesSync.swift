import Foundation
import GitRepository

/// Shares the history with a remote (`history --fetch REMOTE` / `--push REMOTE`): `git fetch` and
/// `git push` of `refs/notes/deployments`, and a merge of diverged notes that keeps the entries of
/// both sides (union by id, `NotesMerge`) in a notes commit with both tips as parents.
public struct NotesSync {
    /// Where a fetched copy of the remote's history lands before it is merged.
    static let fetchedRef = "refs/git-deploy/fetched/deployments"

    public enum FetchOutcome: String, Sendable {
        case remoteHasNone = "the remote has no deployment history"
        case upToDate = "already up to date"
        case created = "history created from the remote's"
        case fastForward = "fast-forward"
        case merged = "merged the diverged histories"
    }

    public let repository: Repository
    public let identity: Identity
    let store: HistoryStore
    private let git: GitCommand

    public init(repository: Repository, identity: Identity) {
        self.repository = repository
        self.identity = identity
        store = HistoryStore(repository: repository)
        git = GitCommand(directory: repository.workTreeRoot ?? repository.gitDirectory)
    }

    /// A remote name or URL as the user typed it: passed to git after `--`, and refused when it
    /// could still be read as an option or carries control characters.
    public static func validate(remote: String) -> String? {
        if remote.isEmpty { return "the remote is empty" }
        if remote.hasPrefix("-") { return "the remote '\(remote)' starts with '-'" }
        if remote.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "the remote contains control characters" }
        return nil
    }

    /// Fetches the remote's history and merges it into ours.
    public func fetch(remote: String) throws(DeployError) -> FetchOutcome {
        try checked(remote)
        // A pattern refspec, because a remote without the ref is not an error then (an exact one
        // fails the fetch); `*` also matches the empty string, so the ref lands at fetchedRef.
        let refspec = "+\(store.ref)*:\(NotesSync.fetchedRef)*"
        let result = try git.run(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--", remote, refspec])
        guard result.status == 0 else {
            throw DeployError.badInput("git fetch \(remote) failed (exit \(result.status)): \(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines))",
                                       hint: "check that '\(remote)' is a remote (git remote -v) or URL you can fetch from")
        }
        guard let fetched = try DeployError.reading("read the fetched history", { try repository.referenceTarget(NotesSync.fetchedRef) }) else {
            return .remoteHasNone
        }
        return try merge(fetched)
    }

    /// Merges the notes commit `fetched` into the local history.
    func merge(_ fetched: ObjectID) throws(DeployError) -> FetchOutcome {
        var outcome = FetchOutcome.upToDate
        let publisher = NotesPublisher(repository: repository, ref: store.ref)
        try publisher.publish(message: "git-deploy: merge fetched deployment history") { local throws(DeployError) -> ObjectID? in
            guard let local else { outcome = .created; return fetched }
            return try DeployError.reading("merge the fetched history") {
                let alreadyHave = try local == fetched || repository.isAncestor(fetched, of: local)
                if alreadyHave { outcome = .upToDate; return nil }
                if try repository.isAncestor(local, of: fetched) { outcome = .fastForward; return fetched }
                outcome = .merged
                return try repository.createNotesCommit(
                    base: local, parents: [local, fetched], notes: try mergedNotes(local: local, fetched: fetched),
                    identity: identity, message: "git-deploy: merge fetched deployment history")
            }
        }
        return outcome
    }

    /// The new text of every note that the fetched side changed: both versions merged.
    private func mergedNotes(local: ObjectID, fetched: ObjectID) throws -> [ObjectID: [UInt8]] {
        var ours: [ObjectID: ObjectID] = [:]
        for note in try repository.notes(inNotesCommit: local) { ours[note.annotated] = note.blob }
        var updates: [ObjectID: [UInt8]] = [:]
        for note in try repository.notes(inNotesCommit: fetched) where ours[note.annotated] != note.blob {
            let theirs = NoteDocument.parse(try repository.blobBytes(note.blob))
            let ourBytes = try ours[note.annotated].map { try repository.blobBytes($0) }
            let merged = NotesMerge.merge(ourBytes.map { NoteDocument.parse($0) } ?? NoteDocument(), theirs).serialized()
            if merged != ourBytes { updates[note.annotated] = merged }
        }
        return updates
    }

    /// Pushes the local history; when the remote moved on meanwhile, fetches, merges and pushes
    /// again (three times at most). Returns false when there is no local history to push.
    public func push(remote: String) throws(DeployError) -> Bool {
        try checked(remote)
        guard try DeployError.reading("read \(store.ref)", { try repository.referenceTarget(store.ref) }) != nil else { return false }
        for attempt in 1...3 {
            let result = try git.run(["push", "--porcelain", "--quiet", "--", remote, "\(store.ref):\(store.ref)"])
            if result.status == 0 { return true }
            // --porcelain marks a refused ref with '!' ("[rejected] (fetch first)"): the remote has
            // entries we lack. Anything else (no such remote, no permission) is not ours to retry.
            let rejected = result.stdout.split(separator: "\n").contains { $0.hasPrefix("!") && $0.contains("[rejected]") }
            guard rejected, attempt < 3 else {
                let detail = (result.stderr + result.stdout).trimmingCharacters(in: .whitespacesAndNewlines)
                throw DeployError.badInput("git push \(remote) \(store.ref) failed (exit \(result.status)): \(detail)",
                                           hint: rejected ? "others are pushing deployment history too; run git deploy history --fetch \(remote) --push \(remote) again"
                                                          : "check that '\(remote)' is a remote (git remote -v) or URL you can push to")
            }
            _ = try fetch(remote: remote)
        }
        return true
    }

    private func checked(_ remote: String) throws(DeployError) {
        if let problem = NotesSync.validate(remote: remote) {
            throw DeployError.badInput(problem, hint: "name a remote (git remote -v) or a URL")
        }
    }
}
