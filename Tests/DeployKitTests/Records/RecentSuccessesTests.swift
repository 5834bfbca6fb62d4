import Foundation
import GitRepository
import Testing
import TestSupport
@testable import DeployKit

/// `RecentSuccesses` (`.git/deploy/recent-successes`) must always answer what a full read of the
/// notes commit it is asked about answers, however the notes ref moved since the file was written.
@Suite("recent successes index agrees with a full read", .tags(.repository))
struct RecentSuccessesTests {
    typealias F = RecordFixtures
    let sandbox: Sandbox
    let repo: TestRepository
    let repository: Repository
    let store: HistoryStore
    let file: String

    init() throws {
        sandbox = try Sandbox()
        repo = try sandbox.repository()
        _ = try repo.commit("initial")
        repository = try Repository.open(at: repo.path)
        store = HistoryStore(repository: repository)
        file = repository.commonDirectory + "/deploy/recent-successes"
    }

    private var tip: ObjectID? {
        get throws { try repository.referenceTarget(HistoryStore.notesRef) }
    }

    /// What the index says for each environment, checked against a full read of the same tip.
    private func expectAgreement(_ environments: [String], _ context: String) throws {
        guard let tip = try tip else { return }
        for environment in environments {
            let full = try store.read(HistoryQuery(environment: environment, statuses: [.succeeded])).entries
            let kept = try RecentSuccesses.entries(of: environment, store: store, tip: tip)
            let remembered = try #require(RecentSuccesses(commonDirectory: repository.commonDirectory, ref: HistoryStore.notesRef))
            #expect(remembered.tip == tip && remembered.entries(of: environment)?.map(\.id) == kept.map(\.id))
            #expect(kept.count >= min(2, full.count), "\(context): \(environment) keeps \(kept.count) of \(full.count)")
            #expect(kept.map(\.id) == full.prefix(kept.count).map(\.id), "\(context): \(environment)")
        }
    }

    /// Another writer (a fetch, `git notes`, a hand edit) replaces the note on `commit`.
    private func rewrite(_ commit: ObjectID, _ document: NoteDocument) throws {
        let base = try tip
        let next = try repository.createNotesCommit(base: base, parents: base.map { [$0] } ?? [], notes: [commit: document.serialized()],
                                                    identity: .fallback, message: "by hand")
        try repo.git("update-ref", HistoryStore.notesRef, next.hex)
    }

    @Test("appends, rewritten notes, a ref moved back and a garbage file: always the full read's answer",
          arguments: [1, 2, 3] as [UInt64])
    func randomHistory(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let environments = ["staging", "production", "dev"]
        // Made-up annotated ids: notes may name any object, and 300 of them fan the tree out.
        let commits = (0..<300).map { index in ObjectID(hex: String(format: "%08x", index * 2_654_435_761 % 4_294_967_291) + String(repeating: "7", count: 32))! }
        var times = Array(0..<2_000).shuffled(using: &random)
        var tips: [ObjectID] = []
        for step in 0..<120 {
            let commit = commits[Int.random(in: 0..<(step < 60 ? 300 : 20), using: &random)]
            switch Int.random(in: 0..<10, using: &random) {
            case 0 where !tips.isEmpty:
                // A fetch or a reset moved the ref back: notes disappear.
                try repo.git("update-ref", HistoryStore.notesRef, tips[Int.random(in: 0..<tips.count, using: &random)].hex)
            case 1:
                // Someone marks every success on one commit rolled back.
                guard let tip = try tip, let note = try repository.note(on: commit, inNotesCommit: tip) else { continue }
                let document = NoteDocument.parse(try repository.blobBytes(note.blob))
                try rewrite(commit, NoteDocument(elements: document.entries.map { .entry($0.with(status: .rolledBack) ?? $0) }))
            case 2:
                try FileManager.default.createDirectory(atPath: repository.commonDirectory + "/deploy", withIntermediateDirectories: true)
                try Data("git-deploy recent-successes 1\nref \(HistoryStore.notesRef)\ntip 12\n".utf8).write(to: URL(fileURLWithPath: file))
            default:
                let status: DeploymentStatus = Int.random(in: 0..<4, using: &random) == 0 ? .failed : .succeeded
                let environment = environments[Int.random(in: 0..<3, using: &random)]
                try store.append(F.entry("e\(step)", environment, status: status, at: Double(times.removeLast()), commit: commit), identity: .fallback)
            }
            if let tip = try tip { tips.append(tip) }
            if step % 3 == 0 { try expectAgreement(environments, "seed \(seed) step \(step)") }
        }
        try expectAgreement(environments, "seed \(seed) end")
    }

    @Test("a remembered tip that no longer exists (pruned) falls back to a full read")
    func missingRememberedTip() throws {
        try store.append(F.entry("a", at: 1, commit: F.commit), identity: .fallback)
        try expectAgreement(["staging"], "first")
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: try #require(try tip).hex, with: String(repeating: "1", count: 40))
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        try store.append(F.entry("b", at: 2, commit: F.otherCommit), identity: .fallback)
        try expectAgreement(["staging"], "after")
        #expect(try HistoryView(store: store).recentSuccesses(environment: "staging").map(\.id) == ["b", "a"])
    }
}
