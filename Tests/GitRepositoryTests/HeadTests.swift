import GitRepository
import Testing

@Suite("HEAD", .tags(.repository))
struct HeadTests {
    @Test("a branch with slashes is reported by its short name")
    func branchWithSlashes() throws {
        let repo = try TestRepo()
        try repo.commit(files: ["a": "1"], message: "init")
        try repo.git("checkout", "-q", "-b", "release/2.0")
        let id = try repo.commit(files: ["a": "2"], message: "on release")
        #expect(try Repository.open(at: repo.path).head() == .branch(name: "release/2.0", commit: id))
    }

    @Test("a detached HEAD gives the commit")
    func detached() throws {
        let repo = try TestRepo()
        let first = try repo.commit(files: ["a": "1"], message: "one")
        try repo.commit(files: ["a": "2"], message: "two")
        try repo.git("checkout", "-q", "--detach", first.hex)
        #expect(try Repository.open(at: repo.path).head() == .detached(commit: first))
    }

    @Test("a fresh repository is on an unborn branch")
    func unborn() throws {
        let repo = try TestRepo()
        #expect(try Repository.open(at: repo.path).head() == .unborn(branch: "main"))
        try repo.git("checkout", "-q", "-b", "feature/new")
        #expect(try Repository.open(at: repo.path).head() == .unborn(branch: "feature/new"))
    }
}
