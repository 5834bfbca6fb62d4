import Foundation
import GitRepository
import Testing
import TestSupport
@testable import DeployKit

@Suite("history store on a real repository", .tags(.repository))
struct HistoryStoreTests {
    typealias F = RecordFixtures
    let sandbox: Sandbox
    let repo: TestRepository
    let repository: Repository
    let store: HistoryStore
    let commits: [ObjectID]

    init() throws {
        sandbox = try Sandbox()
        repo = try sandbox.repository()
        var commits: [ObjectID] = []
        for index in 0..<3 { commits.append(try #require(ObjectID(hex: try repo.commit("commit \(index)")))) }
        self.commits = commits
        repository = try Repository.open(at: repo.path)
        store = HistoryStore(repository: repository)
    }

    @Test("no notes ref: an empty history")
    func empty() throws {
        #expect(try store.read().entries.isEmpty)
        #expect(try HistoryView(store: store).lastSuccessful(environment: "staging")?.commit == nil)
    }

    @Test("appends keep earlier entries of the same commit and read back newest first")
    func appendAndRead() throws {
        try store.append(F.entry("a", at: 0, commit: commits[0]), identity: .fallback)
        try store.append(F.entry("b", "prod", at: 10, commit: commits[1]), identity: .fallback)
        try store.append(F.entry("c", status: .failed, at: 20, commit: commits[0]), identity: .fallback)
        #expect(try store.read().entries.map(\.id) == ["c", "b", "a"])
        #expect(try store.read(HistoryQuery(environment: "staging")).entries.map(\.id) == ["c", "a"])
        #expect(try store.read(HistoryQuery(limit: 2)).entries.map(\.id) == ["c", "b"])
        #expect(try HistoryView(store: store).lastSuccessful(environment: "staging")?.commit == commits[0])
        #expect(try HistoryView(store: store).lastSuccessful(environment: "prod")?.commit == commits[1])
        // Git itself reads the note: one line per entry between the brackets.
        let shown = try repo.git("notes", "--ref", "deployments", "show", commits[0].hex)
        #expect(shown.split(separator: "\n").count == 4)
    }

    @Test("a limited read returns exactly what a full read's first N are", arguments: [1, 2, 5, 7, 50])
    func limitedMatchesFull(limit: Int) throws {
        // Out of order on purpose: the notes tree is sorted by commit, not by time.
        let times: [Double] = [40, 10, 70, 20, 60, 30, 50, 0]
        for (index, time) in times.enumerated() {
            try store.append(F.entry("e\(index)", index % 2 == 0 ? "staging" : "dev", at: time, commit: commits[index % 3]), identity: .fallback)
        }
        let full = try store.read().entries
        #expect(try store.read(HistoryQuery(limit: limit)).entries == Array(full.prefix(limit)))
        let staging = full.filter { $0.environment == "staging" }
        #expect(try store.read(HistoryQuery(environment: "staging", limit: limit)).entries == Array(staging.prefix(limit)))
    }

    @Test("limited reads agree with full reads whether the bounds cache is cold, warm or garbage")
    func boundsCache() throws {
        for index in 0..<6 {
            try store.append(F.entry("e\(index)", at: Double(index * 7 % 5), commit: commits[index % 3]), identity: .fallback)
        }
        let expected = Array(try store.read().entries.prefix(3))
        let cache = repository.commonDirectory + "/deploy/history-bounds"
        #expect(try store.read(HistoryQuery(limit: 3)).entries == expected)
        #expect(FileManager.default.fileExists(atPath: cache))
        #expect(try store.read(HistoryQuery(limit: 3)).entries == expected)
        try Data("git-deploy history-bounds 1\nnot a line\n\(String(repeating: "0", count: 40)) x\n".utf8).write(to: URL(fileURLWithPath: cache))
        #expect(try store.read(HistoryQuery(limit: 3)).entries == expected)
        try store.append(F.entry("newest", at: 100, commit: commits[0]), identity: .fallback)
        #expect(try store.read(HistoryQuery(limit: 1)).entries.map(\.id) == ["newest"])
    }

    @Test("notes in a fanned-out tree (as Git writes large ones) are read and appended to in place")
    func fannedOutTree() throws {
        let target = commits[1]
        let blob = try repo.git(["hash-object", "-w", "--stdin"], stdin: F.document(F.entry("old", commit: target)).serialized().string)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let hex = target.hex
        let subtree = try repo.git(["mktree"], stdin: "100644 blob \(blob)\t\(hex.dropFirst(2))\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let root = try repo.git(["mktree"], stdin: "040000 tree \(subtree)\t\(hex.prefix(2))\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let notesCommit = try repo.git("commit-tree", root, "-m", "notes").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("update-ref", HistoryStore.notesRef, notesCommit)

        #expect(try store.read().entries.map(\.id) == ["old"])
        try store.append(F.entry("new", at: 5, commit: target), identity: .fallback)
        #expect(try store.read().entries.map(\.id) == ["new", "old"])
        let listing = try repo.git("ls-tree", "-r", "--name-only", HistoryStore.notesRef)
        #expect(listing.trimmingCharacters(in: .whitespacesAndNewlines) == "\(hex.prefix(2))/\(hex.dropFirst(2))")
        #expect(try repo.git("notes", "--ref", "deployments", "show", hex).contains("\"id\":\"new\""))
    }

    @Test("a stale lock is reported with its path and how to remove it")
    func staleLock() throws {
        try store.append(F.entry("a", commit: commits[0]), identity: .fallback)
        let lock = repository.lockPath(ofReference: HistoryStore.notesRef)
        #expect(FileManager.default.createFile(atPath: lock, contents: Data()))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: lock)
        do {
            try store.append(F.entry("b", commit: commits[0]), identity: .fallback)
            Issue.record("append succeeded despite the lock")
        } catch {
            #expect(error.kind == .badInput)
            #expect(error.message.contains(lock))
            #expect(error.hint?.contains("rm \(lock)") == true)
        }
        try FileManager.default.removeItem(atPath: lock)
        try store.append(F.entry("b", commit: commits[0]), identity: .fallback)
        #expect(try store.read().entries.count == 2)
    }
}

private extension Array where Element == UInt8 {
    var string: String { String(decoding: self, as: UTF8.self) }
}
