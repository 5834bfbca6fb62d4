import GitRepository
import Testing

@Suite("Notes", .tags(.repository))
struct NotesTests {
    let ref = "refs/notes/test"

    @Test("a notes commit written here reads back here and in git, and moves no ref by itself")
    func writeAndRead() throws {
        let repo = try TestRepo()
        let first = try repo.commit(message: "one")
        let second = try repo.commit(message: "two")
        let repository = try Repository.open(at: repo.path)

        let commit = try repository.createNotesCommit(base: nil, parents: [], notes: [first: Array("hello\n".utf8)],
                                                      identity: .fallback, message: "notes")
        #expect(try repository.referenceTarget(ref) == nil)
        #expect(try repository.updateReference(ref, to: commit, expecting: nil, logMessage: "test") == .updated)
        #expect(try repo.git("notes", "--ref", "test", "show", first.hex) == "hello")

        let next = try repository.createNotesCommit(base: commit, parents: [commit], notes: [second: Array("two".utf8)],
                                                    identity: Identity(name: "Kim", email: "kim@example.com"), message: "more")
        #expect(try repository.updateReference(ref, to: next, expecting: commit, logMessage: "test") == .updated)
        #expect(Set(try repository.notes(inNotesCommit: next).map(\.annotated)) == [first, second])
        let note = try #require(try repository.note(on: second, inNotesCommit: next))
        #expect(try repository.blobBytes(note.blob) == Array("two".utf8))
        #expect(try repo.git("log", "-1", "--format=%cn <%ce> %P", ref) == "Kim <kim@example.com> \(commit.hex)")
    }

    @Test("the compare-and-swap refuses a ref that moved, and a creation when the ref exists")
    func compareAndSwap() throws {
        let repo = try TestRepo()
        let target = try repo.commit(message: "one")
        let repository = try Repository.open(at: repo.path)
        let a = try repository.createNotesCommit(base: nil, parents: [], notes: [target: [0x61]], identity: .fallback, message: "a")
        let b = try repository.createNotesCommit(base: nil, parents: [], notes: [target: [0x62]], identity: .fallback, message: "b")
        #expect(try repository.updateReference(ref, to: a, expecting: nil, logMessage: "a") == .updated)
        #expect(try repository.updateReference(ref, to: b, expecting: nil, logMessage: "b") == .changedMeanwhile)
        #expect(try repository.updateReference(ref, to: b, expecting: b, logMessage: "b") == .changedMeanwhile)
        #expect(try repository.referenceTarget(ref) == a)
        #expect(try repository.updateReference(ref, to: b, expecting: a, logMessage: "b") == .updated)
        #expect(try repository.referenceTarget(ref) == b)
    }

    @Test("a held lock is reported as such, not as an error")
    func locked() throws {
        let repo = try TestRepo()
        let target = try repo.commit(message: "one")
        let repository = try Repository.open(at: repo.path)
        let a = try repository.createNotesCommit(base: nil, parents: [], notes: [target: [0x61]], identity: .fallback, message: "a")
        try repo.write(".git/refs/notes/test.lock", "")
        #expect(try repository.updateReference(ref, to: a, expecting: nil, logMessage: "a") == .locked)
        #expect(repository.lockPath(ofReference: ref) == repo.path + "/.git/refs/notes/test.lock")
    }

    @Test("notes written by git notes, flat, are listed with their commits")
    func gitWrittenNotes() throws {
        let repo = try TestRepo()
        let first = try repo.commit(message: "one")
        try repo.git("notes", "--ref", "test", "add", "-m", "by git", first.hex)
        let repository = try Repository.open(at: repo.path)
        let tip = try #require(try repository.referenceTarget(ref))
        var seen: [(ObjectID, String)] = []
        try repository.forEachNote(inNotesCommit: tip) { note, bytes in seen.append((note.annotated, String(decoding: bytes, as: UTF8.self))) }
        #expect(seen.count == 1)
        #expect(seen.first?.0 == first)
        #expect(seen.first?.1 == "by git\n")
    }
}
