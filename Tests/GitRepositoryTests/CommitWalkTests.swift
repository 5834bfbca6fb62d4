import GitRepository
import Testing

@Suite("Commit walks and changed paths", .tags(.repository))
struct CommitWalkTests {
    private func all(_ walk: CommitWalk) throws -> [CommitInfo] {
        var commits: [CommitInfo] = []
        while let commit = try walk.next() { commits.append(commit) }
        return commits
    }

    @Test("A..B visits the commits after A up to B, newest first")
    func rangeOrder() throws {
        let repo = try TestRepo()
        var ids: [ObjectID] = []
        for n in 1...6 { ids.append(try repo.commit(files: ["f\(n)": "\(n)"], message: "commit \(n)")) }
        let repository = try Repository.open(at: repo.path)
        let walk = try repository.walk(.between(ids[1], ids[5]))
        let commits = try all(walk)
        #expect(commits.map(\.id) == [ids[5], ids[4], ids[3], ids[2]])
        #expect(commits.map(\.id) == (try repo.revList("\(ids[1].hex)..\(ids[5].hex)")))
        #expect(commits.map(\.subject) == ["commit 6", "commit 5", "commit 4", "commit 3"])
        #expect(walk.visited == 4)
        #expect(try walk.next() == nil)
        #expect(walk.visited == 4)
    }

    @Test("a nil or zero start walks all of the history")
    func wholeHistory() throws {
        let repo = try TestRepo()
        for n in 1...3 { try repo.commit(files: ["f": "\(n)"], message: "commit \(n)") }
        let repository = try Repository.open(at: repo.path)
        let head = try repo.rev("HEAD")
        #expect(try all(repository.walk(.between(nil, head))).map(\.id) == (try repo.revList("HEAD")))
        #expect(try all(repository.walk(.between(.zero, head))).count == 3)
    }

    @Test("excluded histories are left out, and an unknown excluded id is ignored")
    func excludeSet() throws {
        let repo = try TestRepo()
        let base = try repo.commit(files: ["a": "0"], message: "base")
        try repo.git("checkout", "-q", "-b", "side")
        let side = try repo.commit(files: ["s": "1"], message: "side")
        try repo.git("checkout", "-q", "main")
        try repo.commit(files: ["a": "1"], message: "main 1")
        try repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side")
        let tip = try repo.commit(files: ["a": "2"], message: "main 2")
        let unknown = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))

        let repository = try Repository.open(at: repo.path)
        let range = CommitRange(include: [tip], exclude: [base, side, unknown])
        let walked = try all(repository.walk(range)).map(\.id)
        let expected = try repo.revList(tip.hex, "^" + base.hex, "^" + side.hex)
        #expect(walked.count == 3)
        #expect(Set(walked) == Set(expected))
        #expect(walked.first == tip)
    }

    @Test("children come before their parents across a merge")
    func topologicalOrder() throws {
        let repo = try TestRepo()
        try repo.commit(files: ["a": "0"], message: "base")
        try repo.git("checkout", "-q", "-b", "side")
        try repo.commit(files: ["s": "1"], message: "side 1")
        try repo.git("checkout", "-q", "main")
        try repo.commit(files: ["a": "1"], message: "main 1")
        try repo.commit(files: ["s": "2"], deleting: [], message: "main 2")
        try repo.git("checkout", "-q", "side")
        try repo.commit(files: ["t": "2"], message: "side 2")
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "-q", "--no-ff", "-X", "ours", "-m", "merge side", "side")
        let commits = try all(Repository.open(at: repo.path).walk(.between(nil, try repo.rev("HEAD"))))
        #expect(Set(commits.map(\.id)) == Set(try repo.revList("HEAD")))
        let position = Dictionary(uniqueKeysWithValues: commits.enumerated().map { ($1.id, $0) })
        for commit in commits {
            for parent in commit.parents { #expect(position[commit.id]! < position[parent]!) }
        }
    }

    @Test("a caller can stop early; visited counts what next() returned")
    func earlyStop() throws {
        let repo = try TestRepo()
        for n in 1...10 { try repo.commit(files: ["f": "\(n)"], message: "commit \(n)") }
        let walk = try Repository.open(at: repo.path).walk(.between(nil, try repo.rev("HEAD")))
        for _ in 1...3 { _ = try walk.next() }
        #expect(walk.visited == 3)
        #expect(try walk.next()?.id == (try repo.rev("HEAD~3")))
        #expect(walk.visited == 4)
    }

    @Test("a root commit's changed paths are everything in it, with full paths")
    func rootCommitPaths() throws {
        let repo = try TestRepo()
        let root = try repo.commit(
            files: ["README.md": "r", "services/api/x.txt": "x", "services/web/y.txt": "y"],
            message: "root"
        )
        let repository = try Repository.open(at: repo.path)
        let walk = try repository.walk(.between(nil, root))
        let commit = try #require(try walk.next())
        #expect(commit.parents.isEmpty)
        #expect(try walk.changedPaths(of: commit).sorted() == ["README.md", "services/api/x.txt", "services/web/y.txt"])
    }

    @Test("changed paths list modified, added and deleted files against the first parent only")
    func mergeCommitPaths() throws {
        let repo = try TestRepo()
        try repo.commit(files: ["keep": "0", "gone/old.sql": "0", "shared": "0"], message: "base")
        try repo.git("checkout", "-q", "-b", "side")
        try repo.commit(files: ["side/only.txt": "s"], message: "side work")
        try repo.git("checkout", "-q", "main")
        let mainWork = try repo.commit(files: ["shared": "1", "db/migrations/001.sql": "m"], deleting: ["gone"], message: "main work")
        try repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side")
        let merge = try repo.rev("HEAD")

        let repository = try Repository.open(at: repo.path)
        let walk = try repository.walk(.between(nil, merge))
        let mergeInfo = try #require(try walk.next())
        #expect(mergeInfo.id == merge)
        #expect(mergeInfo.parents.first == mainWork)
        #expect(try walk.changedPaths(of: mergeInfo) == ["side/only.txt"])
        // Paths against the first parent, the same as `git diff --name-only <first parent> <merge>`.
        #expect(try walk.changedPaths(of: repository.commit(mainWork)).sorted()
            == ["db/migrations/001.sql", "gone/old.sql", "shared"])
        #expect(try walk.changedPaths(of: repository.commit(mainWork)).sorted()
            == (try repo.git("diff", "--name-only", "HEAD^1~1", "HEAD^1")).split(separator: "\n").map(String.init))
    }

    @Test("changed paths across a whole walk match git log --name-only")
    func walkPathsMatchGit() throws {
        let repo = try TestRepo()
        for n in 1...12 {
            var files = ["dir\(n % 3)/file\(n).txt": "\(n)", "common": "\(n)"]
            if n % 4 == 0 { files["deep/a/b/c\(n)"] = "x" }
            try repo.commit(files: files, deleting: n == 9 ? ["dir0/file3.txt"] : [], message: "commit \(n)")
        }
        let walk = try Repository.open(at: repo.path).walk(.between(nil, try repo.rev("HEAD")))
        let ours = try listing(of: walk)
        let git = logLines(try repo.git("log", "--format=%H", "--name-only", "--no-renames", "HEAD"))
        #expect(ours == git)
        #expect(walk.visited == 12)
    }

    @Test("a shallow clone's walk ends cleanly at the boundary, which looks like a root", arguments: [1, 2, 3])
    func shallowWalk(depth: Int) throws {
        let repo = try TestRepo()
        for n in 1...5 { try repo.commit(files: ["f\(n)": "\(n)"], message: "commit \(n)") }
        let clonePath = repo.sibling("shallow")
        try TestRepo.run(["clone", "-q", "--depth", "\(depth)", "file://" + repo.path, clonePath], in: repo.sibling(""))
        let clone = try Repository.open(at: clonePath)
        let head = try clone.resolveCommit("HEAD")
        let walk = try clone.walk(.between(nil, head))
        let ours = try listing(of: walk)
        #expect(try walk.next() == nil)
        #expect(walk.visited == depth)
        let git = logLines(try TestRepo.run(["log", "--format=%H", "--name-only", "HEAD"], in: clonePath))
        #expect(ours == git)

        // A range that ends at the boundary leaves it out, as `git rev-list` does.
        let boundary = try TestRepo.run(["rev-list", "--max-parents=0", "HEAD"], in: clonePath)
        let boundaryID: ObjectID = try #require(ObjectID(hex: boundary))
        let range = try clone.walk(.between(boundaryID, head))
        while try range.next() != nil {}
        #expect(range.visited == depth - 1)
    }

    @Test("a non-UTF-8 path in a commit is repaired, not a crash")
    func nonUTF8Path() throws {
        let repo = try TestRepo()
        try repo.shell("printf x > \"$(printf 'caf\\351.txt')\" && git add -A && git commit -q -m latin1")
        let walk = try Repository.open(at: repo.path).walk(.between(nil, try repo.rev("HEAD")))
        let commit = try #require(try walk.next())
        #expect(try walk.changedPaths(of: commit) == ["caf\u{FFFD}.txt"])
    }
}
