import Foundation
import TestSupport
import Testing
@testable import GitRepository

/// The pack reader (`ObjectStore`, `PackIndex`, `PackFile`) against `git cat-file`: every
/// object git stores must come out of the packs with git's type and bytes, and a damaged pack
/// must give git's bytes or an error, never other bytes.
@Suite("Pack reader agrees with git cat-file")
struct PackReaderTests {
    // MARK: - Fixture

    /// A history that git stores mostly as deltas: a 50-file directory changing one file per
    /// commit (tree deltas), long files edited a line at a time (blob deltas), a 300 KB file
    /// edited every few commits (deltas copying long runs), an empty file, binary bytes and
    /// annotated tags. Written with one `git fast-import`, so building it takes no time.
    ///
    /// A `variant` history has the same shape and sizes with other file contents (every "a"
    /// an "o", binary bytes inverted): its objects have other ids but the same sizes.
    private static func history(commits: Int = 80, seed: UInt64 = 1, variant: Bool = false) -> Data {
        var random = SeededRandom(seed: seed)
        var stream = Data()
        func add(_ text: String) { stream.append(contentsOf: Array(text.utf8)) }
        func data(_ bytes: Data) {
            add("data \(bytes.count)\n")
            stream.append(bytes)
            add("\n")
        }
        func file(_ path: String, _ bytes: Data) {
            add("M 100644 inline \(path)\n")
            let binary = path.hasSuffix(".bin")
            data(variant ? Data(bytes.map { binary ? ~$0 : $0 == UInt8(ascii: "a") ? UInt8(ascii: "o") : $0 }) : bytes)
        }
        let words = ["alpha", "beta", "gamma", "delta", "deploy", "service", "migration", "router", "pack", "tree"]
        var directory = (0..<50).map { n in (0..<30).map { "dir file \(n) line \($0): \(words[($0 + n) % words.count])\n" } }
        var long = (0..<400).map { "long line \($0) \(words[$0 % words.count]) \(words[($0 * 7) % words.count])\n" }
        var huge = (0..<6000).map { _ in
            (0..<6).map { _ in words[Int.random(in: 0..<words.count, using: &random)] }.joined(separator: " ") + "\n"
        }
        var binary = Data((0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        for c in 1...commits {
            add("commit refs/heads/main\nmark :\(c)\n")
            add("author Ada Tester <ada@example.com> \(1_700_000_000 + c * 60) +0000\n")
            add("committer Ada Tester <ada@example.com> \(1_700_000_000 + c * 60) +0000\n")
            data(Data("commit \(c)\n\nchanges file \(c % 50)\n".utf8))
            if c == 1 {
                for n in 0..<50 { file(String(format: "dir/f%02d.txt", n), Data(directory[n].joined().utf8)) }
                file("empty.txt", Data())
            }
            let n = c % 50
            directory[n][c % 30] = "dir file \(n) changed in commit \(c)\n"
            file(String(format: "dir/f%02d.txt", n), Data(directory[n].joined().utf8))
            long[(c * 7) % long.count] = "long line edited in commit \(c)\n"
            long.append("long line appended in commit \(c)\n")
            file("long.txt", Data(long.joined().utf8))
            if c == 1 || c % 8 == 0 {
                huge[Int.random(in: 0..<huge.count, using: &random)] = "huge line edited in commit \(c)\n"
                file("huge.txt", Data(huge.joined().utf8))
            }
            if c % 5 == 0 { file("nested/a/b/c.txt", Data("nested \(c)\n".utf8)) }
            if c % 11 == 0 {
                binary[Int.random(in: 0..<binary.count, using: &random)] ^= 0xff
                file("binary.bin", binary)
            }
            if c == 30 { add("D dir/f07.txt\n") }
            if c == 31 { file("dir/f07.txt", Data(directory[7].joined().utf8)) }
        }
        for (name, mark) in [("v1", min(10, commits)), ("v2", commits / 2), ("v3", commits)] {
            add("tag \(name)\nfrom :\(mark)\ntagger Ada Tester <ada@example.com> \(1_700_000_000 + mark * 60) +0000\n")
            data(Data("release \(name)\n".utf8))
        }
        return stream
    }

    /// A repository holding `history()` in one pack, repacked by `repack` (e.g. `-adf`).
    private static func packedRepository(repack: [String] = ["repack", "-adfq", "--depth=50", "--window=50"],
                                         commits: Int = 80, variant: Bool = false) throws -> (repo: TestRepo, objects: [ObjectID: GitObject]) {
        let repo = try TestRepo()
        try gitData(["fast-import", "--quiet"], in: repo.path, stdin: history(commits: commits, variant: variant))
        try gitData(repack, in: repo.path)
        return (repo, try gitObjects(in: repo.path))
    }

    /// The objects that read differently from git: `object(_:depth:)` (packs only) must answer
    /// for each of them when `fromPacks`, and `read` must always succeed.
    /// `packedRepository` with the path of its one pack.
    private static func packedFixture(commits: Int) throws -> (repo: TestRepo, expected: [ObjectID: GitObject], pack: String) {
        let (repo, expected) = try packedRepository(commits: commits)
        let pack = try #require(try packPaths(in: repo.path + "/.git").first)
        return (repo, expected, pack)
    }

    /// The name, under `.git`, of the pack file (or its index) at `path`.
    private static func underGitDirectory(_ path: String) -> String {
        "objects/pack/" + URL(fileURLWithPath: path).lastPathComponent
    }

    private func mismatches(_ store: ObjectStore, _ expected: [ObjectID: GitObject], fromPacks: Bool) -> [String] {
        var problems: [String] = []
        for id in expected.keys.sorted() {
            let object = expected[id]!
            let packed = store.object(id, depth: 0)
            if let packed, !packed.matches(object) {
                problems.append("object(\(id)) gave a \(packed.kind.gitName) of \(packed.bytes.count) bytes; git has a \(object.kind) of \(object.bytes.count)")
            } else if packed == nil, fromPacks {
                problems.append("object(\(id)) found nothing in the packs")
            }
            do {
                let read = try store.read(id)
                if !read.matches(object) {
                    problems.append("read(\(id)) gave a \(read.kind.gitName) of \(read.bytes.count) bytes; git has a \(object.kind) of \(object.bytes.count)")
                }
            } catch {
                problems.append("read(\(id)) failed: \(error)")
            }
        }
        return problems
    }

    // MARK: - Reading

    @Test("every object of a pack with delta chains 50 deep reads as git cat-file prints it")
    func offsetDeltas() throws {
        let (repo, expected) = try Self.packedRepository()
        let packs = try packPaths(in: repo.path + "/.git")
        try #require(packs.count == 1)
        let entries = try packEntries(packs[0], in: repo.path)
        // The fixture is only worth something if git really made deep offset-delta chains,
        // of trees and of blobs.
        #expect(entries.count == expected.count)
        #expect(entries.contains { $0.type == 6 })
        #expect(!entries.contains { $0.type == 7 })
        #expect((entries.map(\.depth).max() ?? 0) > 10)
        let deltaKinds = Set(entries.filter { $0.depth > 1 }.compactMap { expected[$0.id]?.kind })
        #expect(deltaKinds.isSuperset(of: ["tree", "blob"]))
        #expect(Set(expected.values.map(\.kind)) == ["commit", "tree", "blob", "tag"])
        #expect(expected.values.contains { $0.bytes.isEmpty })

        let store = try ObjectStore(repository: Repository.open(at: repo.path))
        let problems = mismatches(store, expected, fromPacks: true)
        #expect(problems.isEmpty, "\(problems.count) objects differ, e.g. \(problems.prefix(5))")
    }

    @Test("a pack of reference deltas (written without offsets) reads as git cat-file prints it")
    func referenceDeltas() throws {
        let (repo, expected) = try Self.packedRepository(
            repack: ["-c", "repack.useDeltaBaseOffset=false", "repack", "-adfq", "--depth=50", "--window=50"])
        let packs = try packPaths(in: repo.path + "/.git")
        try #require(packs.count == 1)
        let entries = try packEntries(packs[0], in: repo.path)
        #expect(entries.contains { $0.type == 7 })
        #expect(!entries.contains { $0.type == 6 })
        #expect((entries.map(\.depth).max() ?? 0) > 10)
        // A base may follow its delta in such a pack: the reader must find it by id, not by position.
        let offsets = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0.offset) })
        let pack = try Data(contentsOf: URL(fileURLWithPath: packs[0]))
        let basesAfter = entries.filter { entry in
            guard entry.type == 7 else { return false }
            var position = entry.offset
            while pack[position] & 0x80 != 0 { position += 1 }
            let base = pack[(position + 1)..<(position + 21)].map { String(format: "%02x", $0) }.joined()
            return ObjectID(hex: base).flatMap { offsets[$0] }.map { $0 > entry.offset } ?? false
        }
        let store = try ObjectStore(repository: Repository.open(at: repo.path))
        let problems = mismatches(store, expected, fromPacks: true)
        #expect(problems.isEmpty, "\(problems.count) objects differ, e.g. \(problems.prefix(5)); \(basesAfter.count) bases follow their delta")
    }

    @Test("a pack made by git pack-objects without --delta-base-offset, installed with index-pack, reads the same")
    func packObjectsReferenceDeltas() throws {
        let (source, expected) = try Self.packedRepository(commits: 40)
        let target = try TestRepo()
        let list = try gitData(["rev-list", "--objects", "--all"], in: source.path)
        let packData = try gitData(["pack-objects", "--stdout", "--no-reuse-delta", "--window=50", "--depth=50", "-q"],
                                   in: source.path, stdin: list)
        try gitData(["index-pack", "--stdin"], in: target.path, stdin: packData)
        let pack = try #require(try packPaths(in: target.path + "/.git").first)
        let entries = try packEntries(pack, in: target.path)
        #expect(entries.contains { $0.type == 7 })
        #expect(!entries.contains { $0.type == 6 })
        // rev-list --objects --all reaches every object of the source.
        let copied = try gitObjects(in: target.path)
        #expect(copied == expected)
        let store = try ObjectStore(repository: Repository.open(at: target.path))
        let problems = mismatches(store, copied, fromPacks: true)
        #expect(problems.isEmpty, "\(problems.count) objects differ, e.g. \(problems.prefix(5))")
    }

    @Test("loose and packed objects both read; an object stored nowhere is not found")
    func looseAndPacked() throws {
        let repo = try TestRepo()
        for n in 1...5 { try repo.commit(files: ["a.txt": String(repeating: "line \(n)\n", count: 40 + n)], message: "packed \(n)") }
        try repo.git("repack", "-adq")
        let packed = try gitObjects(in: repo.path)
        for n in 1...3 { try repo.commit(files: ["b/\(n).txt": "loose \(n)\n"], message: "loose \(n)") }
        let all = try gitObjects(in: repo.path)
        let loose = all.filter { packed[$0.key] == nil }
        try #require(loose.count >= 9)  // three commits, their trees, three blobs

        let store = try ObjectStore(repository: Repository.open(at: repo.path))
        for (id, object) in packed {
            #expect(store.object(id, depth: 0)?.matches(object) == true, "packed \(id)")
        }
        for id in loose.keys {
            // A loose object is no pack's: only libgit2 reads it.
            #expect(store.object(id, depth: 0) == nil, "loose \(id)")
        }
        #expect(mismatches(store, all, fromPacks: false).isEmpty)

        let missing = try #require(ObjectID(hex: "0123456789abcdef0123456789abcdef01234567"))
        #expect(store.object(missing, depth: 0) == nil)
        let error = try #require(throws: GitError.self) { try store.read(missing) }
        #expect(error.isNotFound)
        // An id that sorts before and after everything in the index is not found either.
        for hex in [String(repeating: "0", count: 40), String(repeating: "f", count: 40)] {
            let id = try #require(ObjectID(hex: hex))
            #expect(store.object(id, depth: 0) == nil)
            #expect(throws: GitError.self) { try store.read(id) }
        }
    }

    @Test("ids that share a pack with thousands of others are each found, and their neighbours are not confused")
    func largeIndexLookups() throws {
        // 3,000 blobs: a fan-out bucket then holds about a dozen ids, so the index lookup's
        // guess-and-walk and its binary search both run.
        let repo = try TestRepo()
        var script = ""
        for n in 0..<3000 { script += "blob\nmark :\(n + 1)\ndata \(String(n).utf8.count + 5)\nblob \(n)\n" }
        script += "commit refs/heads/main\ncommitter A <a@example.com> 1700000000 +0000\ndata 2\nx\n"
        for n in 0..<3000 { script += "M 100644 :\(n + 1) f\(n)\n" }
        try gitData(["fast-import", "--quiet"], in: repo.path, stdin: Data(script.utf8))
        try gitData(["repack", "-adq"], in: repo.path)
        let expected = try gitObjects(in: repo.path)
        let store = try ObjectStore(repository: Repository.open(at: repo.path))
        #expect(mismatches(store, expected, fromPacks: true).isEmpty)
        // Ids next to real ones (last byte changed) are in no pack.
        var absent = 0
        for id in expected.keys.sorted().prefix(500) {
            let hex = Array(id.hex)
            let last = hex[39] == "0" ? "1" : "0"
            let near = try #require(ObjectID(hex: String(hex[0..<39]) + last))
            if expected[near] == nil {
                absent += 1
                #expect(store.object(near, depth: 0) == nil, "\(near)")
            }
        }
        #expect(absent > 400)
    }

    @Test("objects spread over several packs, some in two of them, are all read")
    func severalPacks() throws {
        let repo = try TestRepo()
        for n in 1...6 { try repo.commit(files: ["a.txt": String(repeating: "first \(n)\n", count: 30)], message: "first \(n)") }
        try repo.git("repack", "-dq")
        for n in 1...6 { try repo.commit(files: ["b.txt": String(repeating: "second \(n)\n", count: 30)], message: "second \(n)") }
        try repo.git("repack", "-dq")
        // -a without -d: one more pack holding everything, the old ones kept, so every object
        // so far is in two packs.
        try repo.git("repack", "-aq")
        for n in 1...6 { try repo.commit(files: ["a.txt": String(repeating: "third \(n)\n", count: 30)], message: "third \(n)") }
        try repo.git("repack", "-dq")
        #expect(try packPaths(in: repo.path + "/.git").count == 4)
        let expected = try gitObjects(in: repo.path)
        let store = try ObjectStore(repository: Repository.open(at: repo.path))
        let problems = mismatches(store, expected, fromPacks: true)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test("two packs with entries at the same offsets never mix up their delta bases")
    func packsWithSameOffsets() throws {
        // Stored without compression, two histories of the same shape and sizes make packs whose
        // entries sit at the same offsets: a delta base cached from one pack must never serve
        // the other.
        let repack = ["-c", "pack.compression=0", "repack", "-adFq", "--depth=50", "--window=50"]
        let (repo, _) = try Self.packedRepository(repack: repack, commits: 40)
        let (other, _) = try Self.packedRepository(repack: repack, commits: 40, variant: true)
        let mine = try #require(try packPaths(in: repo.path + "/.git").first)
        let theirs = try #require(try packPaths(in: other.path + "/.git").first)
        let myEntries = try packEntries(mine, in: repo.path)
        let theirEntries = try packEntries(theirs, in: other.path)
        let theirIDs = Dictionary(uniqueKeysWithValues: theirEntries.map { ($0.offset, $0.id) })
        let sameOffsets = myEntries.filter { entry in theirIDs[entry.offset].map { $0 != entry.id } ?? false }
        try #require(sameOffsets.count > myEntries.count / 2, "only \(sameOffsets.count) of \(myEntries.count) entries share an offset")
        for path in [theirs, String(theirs.dropLast(5)) + ".idx"] {
            try FileManager.default.copyItem(atPath: path, toPath: repo.path + "/.git/objects/pack/" + URL(fileURLWithPath: path).lastPathComponent)
        }
        let expected = try gitObjects(in: repo.path)
        #expect(expected.count == Set(myEntries.map(\.id)).union(theirEntries.map(\.id)).count)
        let store = try ObjectStore(repository: Repository.open(at: repo.path))
        var problems: [String] = []
        // Alternately from one pack and the other, the same offset each time, twice over.
        for _ in 0..<2 {
            for entry in sameOffsets.reversed() {
                for id in [entry.id, theirIDs[entry.offset]!] where store.object(id, depth: 0)?.matches(expected[id]!) != true {
                    problems.append("\(id) at offset \(entry.offset)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.count) objects read wrong, e.g. \(problems.prefix(5))")
    }

    @Test("whatever the delta base cache's budget, objects read the same, in any order",
          arguments: [0, 1024, 64 << 10, ObjectStore.deltaBaseBudget])
    func deltaBaseBudget(budget: Int) throws {
        let (repo, expected) = try Self.packedRepository()
        let store = try ObjectStore(repository: Repository.open(at: repo.path), deltaBaseBudget: budget)
        // Sorted, shuffled, then sorted again: bases are cached, evicted and found again.
        var ids = expected.keys.sorted()
        var random = SeededRandom(seed: UInt64(budget) &+ 11)
        var problems = mismatches(store, expected, fromPacks: true)
        ids.shuffle(using: &random)
        for id in ids where store.object(id, depth: 0)?.matches(expected[id]!) != true {
            problems.append("shuffled \(id)")
        }
        problems += mismatches(store, expected, fromPacks: true)
        #expect(problems.isEmpty, "\(problems.count) objects differ, e.g. \(problems.prefix(5))")
    }

    @Test("objects git reaches through an alternate are read by libgit2")
    func alternates() throws {
        let (source, expected) = try Self.packedRepository(commits: 20)
        let clone = source.sibling("shared-clone")
        try TestRepo.run(["clone", "-q", "--shared", "--no-checkout", source.path, clone], in: source.path)
        let store = try ObjectStore(repository: Repository.open(at: clone))
        for id in expected.keys.sorted().prefix(50) {
            #expect(store.object(id, depth: 0) == nil)
        }
        #expect(mismatches(store, expected, fromPacks: false).isEmpty)
    }

    // MARK: - Damage

    /// Reads every object of the damaged repository at `copy`: nothing may read as other bytes
    /// than git's from the undamaged original; an error is fine.
    private func wrongReads(_ copy: String, _ expected: [ObjectID: GitObject]) throws -> [String] {
        let store = try ObjectStore(repository: Repository.open(at: copy))
        var problems: [String] = []
        for id in expected.keys.sorted() {
            let object = expected[id]!
            if let packed = store.object(id, depth: 0), !packed.matches(object) {
                problems.append("object(\(id)) gave a \(packed.kind.gitName) of \(packed.bytes.count) bytes; git has a \(object.kind) of \(object.bytes.count)")
            }
            do {
                let read = try store.read(id)
                if !read.matches(object) {
                    problems.append("read(\(id)) gave a \(read.kind.gitName) of \(read.bytes.count) bytes; git has a \(object.kind) of \(object.bytes.count)")
                }
            } catch {
                // A GitError: the damage is reported, not hidden.
            }
        }
        return problems
    }

    /// A copy of `repo` with the file at `relative` (under `.git`) replaced by `change` of its bytes.
    private func damagedCopy(of repo: TestRepo, _ name: String, file relative: String, _ change: (inout Data) -> Void) throws -> String {
        let copy = repo.sibling(name)
        try copyFolder(repo.path, to: copy)
        let path = copy + "/.git/" + relative
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        change(&bytes)
        try overwrite(path, with: bytes)
        return copy
    }

    @Test("bytes flipped anywhere in a pack never read as other bytes, and never crash")
    func flippedPackBytes() throws {
        let (repo, expected, pack) = try Self.packedFixture(commits: 40)
        let relative = Self.underGitDirectory(pack)
        let entries = try packEntries(pack, in: repo.path)
        let size = try Data(contentsOf: URL(fileURLWithPath: pack)).count
        var random = SeededRandom(seed: 42)
        var problems: [String] = []
        for scenario in 0..<48 {
            // Half anywhere (mostly zlib data), half in the first bytes of an entry (its header,
            // a delta's base, the zlib header), where a reader has to be careful.
            let position = scenario % 2 == 0
                ? Int.random(in: 12..<(size - 20), using: &random)
                : entries[Int.random(in: 0..<entries.count, using: &random)].offset + Int.random(in: 0..<24, using: &random)
            let mask = UInt8.random(in: 1...255, using: &random)
            let copy = try damagedCopy(of: repo, "flip-\(scenario)", file: relative) { $0[min(position, size - 21)] ^= mask }
            problems += try wrongReads(copy, expected).map { "byte \(position) ^ \(mask): \($0)" }
        }
        #expect(problems.isEmpty, "\(problems.count) wrong reads, e.g. \(problems.prefix(5))")
    }

    @Test("an entry whose type was damaged reads as git reads it, and a walk refuses it as a commit")
    func damagedEntryType() throws {
        // Neither git nor the store hashes what it reads (libgit2's strict hash check is off
        // for speed, see LibGit2.initialize): git cat-file prints "blob" for a commit entry
        // whose type bits say blob, and so does the store. What must not happen is a walk
        // taking it for a commit, or any read giving bytes git does not give.
        let (repo, expected, pack) = try Self.packedFixture(commits: 20)
        let relative = Self.underGitDirectory(pack)
        let entries = try packEntries(pack, in: repo.path)
        var problems: [String] = []
        // A commit entry whose type bits now say blob (1 -> 3), and a blob's that say commit.
        for kind in ["commit", "blob"] {
            let entry = try #require(entries.first { $0.type == (kind == "commit" ? 1 : 3) })
            let copy = try damagedCopy(of: repo, "type-\(kind)", file: relative) { $0[entry.offset] ^= 0x20 }
            problems += try disagreementsWithGit(copy, expected).map { "\(kind) entry at \(entry.offset) retyped: \($0)" }
            if kind == "commit" {
                #expect(try gitText(["cat-file", "-t", entry.id.hex], in: copy) == "blob")
                #expect(throws: GitError.self) { try Repository.open(at: copy).commit(entry.id) }
                #expect(throws: GitError.self) { _ = try Repository.open(at: copy).walk(.between(nil, entry.id)).next() }
            }
        }
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("an offset delta whose base distance was damaged does not read as other bytes")
    func damagedDeltaBase() throws {
        let (repo, expected, pack) = try Self.packedFixture(commits: 40)
        let relative = Self.underGitDirectory(pack)
        let entries = try packEntries(pack, in: repo.path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: pack))
        var problems: [String] = []
        for (number, entry) in entries.filter({ $0.type == 6 }).prefix(40).enumerated() {
            // The last byte of the distance back to the base, one bit off.
            var position = entry.offset
            while bytes[position] & 0x80 != 0 { position += 1 }
            position += 1
            while bytes[position] & 0x80 != 0 { position += 1 }
            let copy = try damagedCopy(of: repo, "base-\(number)", file: relative) { $0[position] ^= 0x01 }
            problems += try wrongReads(copy, expected).map { "delta at \(entry.offset), base distance damaged: \($0)" }
        }
        #expect(problems.isEmpty, "\(problems.count) wrong reads, e.g. \(problems.prefix(5))")
    }

    @Test("a pack cut short never reads as other bytes")
    func truncatedPack() throws {
        let (repo, expected, pack) = try Self.packedFixture(commits: 20)
        let relative = Self.underGitDirectory(pack)
        var problems: [String] = []
        for (number, fraction) in [0.0, 0.1, 0.5, 0.9, 0.999].enumerated() {
            let copy = try damagedCopy(of: repo, "cut-\(number)", file: relative) { bytes in
                bytes = bytes.prefix(max(1, Int(Double(bytes.count) * fraction)))
            }
            problems += try wrongReads(copy, expected).map { "cut at \(fraction): \($0)" }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test("a pack index cut to its header, or replaced by garbage, is ignored without a crash")
    func damagedIndex() throws {
        let (repo, expected, pack) = try Self.packedFixture(commits: 20)
        let relative = Self.underGitDirectory(String(pack.dropLast(5)) + ".idx")
        var random = SeededRandom(seed: 5)
        let garbage = Data((0..<20_000).map { _ in UInt8.random(in: 0...255, using: &random) })
        let changes: [(String, (inout Data) -> Void)] = [
            ("header only", { $0 = $0.prefix(8) }),
            ("header and fan-out only", { $0 = $0.prefix(8 + 1024) }),
            ("cut in half", { $0 = $0.prefix($0.count / 2) }),
            ("garbage", { $0 = garbage }),
            ("garbage after a valid header", { $0 = $0.prefix(8) + garbage }),
            ("empty", { $0 = Data() }),
        ]
        var problems: [String] = []
        for (number, (label, change)) in changes.enumerated() {
            let copy = try damagedCopy(of: repo, "idx-\(number)", file: relative, change)
            let store = try ObjectStore(repository: Repository.open(at: copy))
            // This index is not read: no object comes from the packs.
            for id in expected.keys.sorted() where store.object(id, depth: 0) != nil {
                problems.append("\(label): object(\(id)) read a pack through a damaged index")
            }
            problems += try wrongReads(copy, expected).map { "\(label): \($0)" }
        }
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    /// Reads every object of the damaged repository at `copy` from its packs only, never
    /// through libgit2: nil is fine, other bytes are not.
    private func wrongPackReads(_ copy: String, _ expected: [ObjectID: GitObject]) throws -> [String] {
        let store = try ObjectStore(repository: Repository.open(at: copy))
        return expected.keys.sorted().compactMap { id in
            guard let packed = store.object(id, depth: 0), !packed.matches(expected[id]!) else { return nil }
            return "object(\(id)) gave a \(packed.kind.gitName) of \(packed.bytes.count) bytes; git has a \(expected[id]!.kind) of \(expected[id]!.bytes.count)"
        }
    }

    @Test("bits flipped in a pack index's fan-out, ids or checksums never make an object read as other bytes")
    func flippedIndexBytes() throws {
        let (repo, expected, pack) = try Self.packedFixture(commits: 20)
        let relative = Self.underGitDirectory(String(pack.dropLast(5)) + ".idx")
        // Layout: 8 bytes of header, 1,024 of fan-out, 20 per id, 4 per CRC, then 4 per offset.
        let offsetsStart = 8 + 1024 + 24 * expected.count
        var random = SeededRandom(seed: 9)
        var problems: [String] = []
        for scenario in 0..<24 {
            let position = Int.random(in: 8..<offsetsStart, using: &random)
            let mask = UInt8(1) << UInt8.random(in: 0...7, using: &random)
            let copy = try damagedCopy(of: repo, "idx-flip-\(scenario)", file: relative) { $0[position] ^= mask }
            problems += try wrongReads(copy, expected).map { "index byte \(position) ^ \(mask): \($0)" }
        }
        #expect(problems.isEmpty, "\(problems.count) wrong reads, e.g. \(problems.prefix(5))")
    }

    @Test("bits flipped in a pack index's offsets make the pack reader give nothing, or what git gives")
    func flippedIndexOffsets() throws {
        // Only the pack reader is asked: libgit2 1.5.1 itself crashes (SIGSEGV in git_odb_read)
        // on an offset that points past the end of the pack, so `read`'s fallback cannot be tried
        // here. An offset that lands on another entry reads that entry, as git cat-file does
        // (neither checks the index's CRC or the object's hash on a read).
        let (repo, expected, pack) = try Self.packedFixture(commits: 20)
        let relative = Self.underGitDirectory(String(pack.dropLast(5)) + ".idx")
        let offsetsStart = 8 + 1024 + 24 * expected.count
        var random = SeededRandom(seed: 10)
        var problems: [String] = []
        for scenario in 0..<32 {
            let position = offsetsStart + Int.random(in: 0..<(4 * expected.count), using: &random)
            let mask = UInt8(1) << UInt8.random(in: 0...7, using: &random)
            let copy = try damagedCopy(of: repo, "offset-flip-\(scenario)", file: relative) { $0[position] ^= mask }
            problems += try disagreementsWithGit(copy, expected, packsOnly: true).map { "index byte \(position) ^ \(mask): \($0)" }
        }
        #expect(problems.isEmpty, "\(problems.count) wrong reads, e.g. \(problems.prefix(5))")
    }

    /// Reads every object of the damaged repository at `copy` and compares with what git reads
    /// there (`git cat-file`, one object at a time): where git reads an object, ours must be
    /// that or nothing (an error, nil); where git fails, ours must be nothing or the undamaged bytes.
    private func disagreementsWithGit(_ copy: String, _ expected: [ObjectID: GitObject], packsOnly: Bool = false) throws -> [String] {
        let store = try ObjectStore(repository: Repository.open(at: copy))
        var problems: [String] = []
        for id in expected.keys.sorted() {
            let gitsReading: GitObject? = (try? gitText(["cat-file", "-t", id.hex], in: copy)).flatMap { kind in
                (try? gitData(["cat-file", kind, id.hex], in: copy)).map { GitObject(kind: kind, bytes: $0) }
            }
            let acceptable = gitsReading ?? expected[id]!
            var ours: [(String, RawObject)] = []
            if let packed = store.object(id, depth: 0) { ours.append(("object", packed)) }
            if !packsOnly, let read = try? store.read(id) { ours.append(("read", read)) }
            for (how, object) in ours where !object.matches(acceptable) {
                problems.append("\(how)(\(id)) gave a \(object.kind.gitName) of \(object.bytes.count) bytes; git reads a \(acceptable.kind) of \(acceptable.bytes.count)")
            }
        }
        return problems
    }

    @Test("the index of another pack, under this pack's name, does not make objects read as other bytes")
    func indexOfAnotherPack() throws {
        // Git and libgit2 refuse a pack whose index does not name it (the pack's checksum is
        // in the index's trailer); a reader that trusts the index reads other objects' entries.
        let repo = try TestRepo()
        for n in 1...8 { try repo.commit(files: ["a.txt": String(repeating: "first \(n)\n", count: 20)], message: "first \(n)") }
        try repo.git("repack", "-adq")
        let first = try #require(try packPaths(in: repo.path + "/.git").first)
        for n in 1...8 { try repo.commit(files: ["b.txt": String(repeating: "second \(n)\n", count: 20)], message: "second \(n)") }
        try repo.git("repack", "-dq")
        let second = try #require(try packPaths(in: repo.path + "/.git").first { $0 != first })
        let expected = try gitObjects(in: repo.path)
        let otherIndex = try Data(contentsOf: URL(fileURLWithPath: String(second.dropLast(5)) + ".idx"))
        let relative = "objects/pack/" + URL(fileURLWithPath: String(first.dropLast(5)) + ".idx").lastPathComponent
        let copy = try damagedCopy(of: repo, "swapped-index", file: relative) { $0 = otherIndex }
        let problems = try wrongReads(copy, expected)
        #expect(problems.isEmpty, "\(problems.count) wrong reads, e.g. \(problems.prefix(5))")
    }
}

/// `PackIndex` lookups on index files written here byte by byte, with ids placed where git's
/// hashes rarely put them: crowded at one end of a fan-out bucket (the lookup's guess is then
/// far off and it must fall back to a binary search), empty buckets, buckets at the edges,
/// and offsets past 2 GiB in the 64-bit table.
@Suite("Pack index lookups")
struct PackIndexTests {
    /// An index version 2 for `entries`, laid out as git writes it; CRCs and checksums are
    /// zeros, which the reader does not check.
    private static func indexFile(_ entries: [(id: ObjectID, offset: Int)]) throws -> String {
        let sorted = entries.sorted { $0.id < $1.id }
        var bytes: [UInt8] = [0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]
        func word(_ value: UInt32) { bytes += withUnsafeBytes(of: value.bigEndian, Array.init) }
        for first in 0..<256 { word(UInt32(sorted.filter { Int($0.id.high >> 56) <= first }.count)) }
        for entry in sorted {
            bytes += withUnsafeBytes(of: entry.id.high.bigEndian, Array.init)
            bytes += withUnsafeBytes(of: entry.id.middle.bigEndian, Array.init)
            bytes += withUnsafeBytes(of: entry.id.low.bigEndian, Array.init)
        }
        for _ in sorted { word(0) }
        var large: [UInt64] = []
        for entry in sorted {
            if entry.offset < 0x8000_0000 {
                word(UInt32(entry.offset))
            } else {
                word(0x8000_0000 | UInt32(large.count))
                large.append(UInt64(entry.offset))
            }
        }
        for value in large { bytes += withUnsafeBytes(of: value.bigEndian, Array.init) }
        bytes += [UInt8](repeating: 0, count: 40)
        let path = try TestRepo.makeTemporaryDirectory() + "/pack-test.idx"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    private static func id(first: UInt8, second: UInt8, _ random: inout SeededRandom) -> ObjectID {
        let high = UInt64(first) << 56 | UInt64(second) << 48 | (UInt64.random(in: 0...UInt64.max, using: &random) >> 16)
        return ObjectID(high: high, middle: .random(in: 0...UInt64.max, using: &random), low: .random(in: 0...UInt32.max, using: &random))
    }

    /// Looks up every id and, for each, ids next to it that are not in the index.
    private static func check(_ entries: [(id: ObjectID, offset: Int)], _ random: inout SeededRandom) throws -> [String] {
        let index = try #require(PackIndex(path: try indexFile(entries)))
        #expect(index.count == entries.count)
        let present = Set(entries.map(\.id))
        var problems: [String] = []
        for entry in entries {
            let found = index.offset(of: entry.id)
            if found != entry.offset { problems.append("\(entry.id): \(String(describing: found)), expected \(entry.offset)") }
            for near in [ObjectID(high: entry.id.high, middle: entry.id.middle, low: entry.id.low &+ 1),
                         ObjectID(high: entry.id.high, middle: entry.id.middle, low: entry.id.low &- 1),
                         ObjectID(high: entry.id.high &+ 1, middle: 0, low: 0),
                         ObjectID(high: entry.id.high &- 1, middle: .max, low: .max)] where !present.contains(near) {
                if let found = index.offset(of: near) { problems.append("absent \(near) found at \(found)") }
            }
        }
        for _ in 0..<2000 {
            let absent = ObjectID(high: .random(in: 0...UInt64.max, using: &random), middle: .random(in: 0...UInt64.max, using: &random),
                                  low: .random(in: 0...UInt32.max, using: &random))
            if !present.contains(absent), let found = index.offset(of: absent) { problems.append("absent \(absent) found at \(found)") }
        }
        return problems
    }

    @Test("ids spread evenly, as hashes are")
    func uniform() throws {
        var random = SeededRandom(seed: 21)
        let entries = (0..<5000).map { n in (id: Self.id(first: .random(in: 0...255, using: &random), second: .random(in: 0...255, using: &random), &random),
                                            offset: 12 + n * 97) }
        let problems = try Self.check(entries, &random)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test("ids crowded at the low or the high end of their bucket, with a few at the other end")
    func crowded() throws {
        var random = SeededRandom(seed: 22)
        var entries: [(id: ObjectID, offset: Int)] = []
        for first: UInt8 in [0x00, 0x42, 0x43, 0xff] {
            // Low crowd in 0x00, 0x42 and 0xff; high crowd in 0x43.
            let crowdLow = first != 0x43
            for _ in 0..<300 {
                let second = crowdLow ? UInt8.random(in: 0...0x0f, using: &random) : UInt8.random(in: 0xf0...0xff, using: &random)
                entries.append((Self.id(first: first, second: second, &random), 0))
            }
            for _ in 0..<3 {
                let second = crowdLow ? UInt8.random(in: 0xf0...0xff, using: &random) : UInt8.random(in: 0...0x0f, using: &random)
                entries.append((Self.id(first: first, second: second, &random), 0))
            }
        }
        entries = entries.enumerated().map { (id: $1.id, offset: 12 + $0 * 50) }
        let problems = try Self.check(entries, &random)
        #expect(problems.isEmpty, "\(problems.count) wrong lookups, e.g. \(problems.prefix(5))")
    }

    @Test("buckets of 0, 1, 8, 9 and 40 ids", arguments: [0, 1, 8, 9, 40])
    func smallBuckets(size: Int) throws {
        var random = SeededRandom(seed: 23 + UInt64(size))
        let entries = (0..<size).map { n in (id: Self.id(first: 0x80, second: .random(in: 0...255, using: &random), &random), offset: 12 + n * 10) }
            + [(id: Self.id(first: 0x00, second: 0x00, &random), offset: 5000), (id: Self.id(first: 0xff, second: 0xff, &random), offset: 5010)]
        let problems = try Self.check(entries, &random)
        #expect(problems.isEmpty, "\(problems.prefix(5))")
    }

    @Test("an index of no objects finds nothing")
    func empty() throws {
        var random = SeededRandom(seed: 24)
        let index = try #require(PackIndex(path: try Self.indexFile([])))
        #expect(index.count == 0)
        for _ in 0..<100 {
            #expect(index.offset(of: Self.id(first: .random(in: 0...255, using: &random), second: 0, &random)) == nil)
        }
    }

    @Test("offsets past 2 GiB come from the 64-bit table")
    func largeOffsets() throws {
        var random = SeededRandom(seed: 25)
        let offsets = [12, 0x7fff_ffff, 0x8000_0000, 0x8000_0001, 0x1_0000_0000, 0x7_ffff_fff0, 300]
        let entries = offsets.map { (id: Self.id(first: .random(in: 0...255, using: &random), second: 0, &random), offset: $0) }
        let problems = try Self.check(entries, &random)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("a 64-bit offset entry that points past the 64-bit table is no offset")
    func largeOffsetOutOfTable() throws {
        var random = SeededRandom(seed: 26)
        let entries = [(id: Self.id(first: 1, second: 0, &random), offset: 0x1_0000_0000), (id: Self.id(first: 2, second: 0, &random), offset: 40)]
        let path = try Self.indexFile(entries)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // The first id's 32-bit offset: after the header, fan-out, 2 ids and 2 CRCs.
        let position = 8 + 1024 + 2 * 24
        bytes.replaceSubrange(position..<(position + 4), with: [0x80, 0, 0, 5])
        try bytes.write(to: URL(fileURLWithPath: path))
        let index = try #require(PackIndex(path: path))
        #expect(index.offset(of: entries[0].id) == nil)
        #expect(index.offset(of: entries[1].id) == 40)
    }
}
