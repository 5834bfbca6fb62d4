import Foundation
import GitRepository
import Testing

@Suite("Opening a repository", .tags(.repository))
struct OpeningTests {
    @Test("discover walks up from a subdirectory to the work tree root")
    func discoverFromSubdirectory() throws {
        let repo = try TestRepo()
        try repo.commit(files: ["services/api/main.swift": "x"], message: "init")
        let repository = try Repository.discover(startingAt: repo.path + "/services/api")
        #expect(repository.workTreeRoot == repo.path)
        #expect(repository.gitDirectory == repo.path + "/.git")
        #expect(repository.commonDirectory == repo.path + "/.git")
        #expect(!repository.isBare)
        #expect(!repository.isWorktree)
        #expect(!repository.isShallow)
    }

    @Test("discover outside any repository is a not-found GitError")
    func discoverOutside() throws {
        let outside = try TestRepo.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let error = try #require(throws: GitError.self) { try Repository.discover(startingAt: outside) }
        #expect(error.isNotFound)
        #expect(error.function == "git_repository_open_ext")
        #expect(error.description.contains("(git_repository_open_ext, code -3)"))
    }

    @Test("open does not walk up from a subdirectory")
    func openExactPath() throws {
        let repo = try TestRepo()
        try repo.commit(files: ["sub/file": "x"], message: "init")
        #expect(throws: GitError.self) { try Repository.open(at: repo.path + "/sub") }
        #expect(try Repository.open(at: repo.path).workTreeRoot == repo.path)
        #expect(try Repository.open(at: repo.path + "/.git").workTreeRoot == repo.path)
    }

    @Test("discover without a path honours GIT_DIR, as Git sets it for hooks")
    func discoverFromEnvironment() throws {
        let repo = try TestRepo()
        let id = try repo.commit(files: ["a": "1"], message: "init")
        // The tests run inside another repository (this package); GIT_DIR must win over the cwd.
        setenv("GIT_DIR", repo.path + "/.git", 1)
        defer { unsetenv("GIT_DIR") }
        let repository = try Repository.discover()
        #expect(repository.gitDirectory == repo.path + "/.git")
        #expect(try repository.head() == .branch(name: "main", commit: id))
    }

    @Test("a bare repository has no work tree")
    func bare() throws {
        let repo = try TestRepo(bare: true)
        let repository = try Repository.open(at: repo.path)
        #expect(repository.isBare)
        #expect(repository.workTreeRoot == nil)
        #expect(repository.gitDirectory == repo.path)
        #expect(try repository.head() == .unborn(branch: "main"))
    }

    @Test("a linked worktree shares the main .git and has its own HEAD")
    func linkedWorktree() throws {
        let repo = try TestRepo()
        let main = try repo.commit(files: ["a": "1"], message: "init")
        let worktreePath = repo.sibling("wt")
        try repo.git("worktree", "add", "-q", "-b", "feature/wt", worktreePath)
        let worktree = try Repository.discover(startingAt: worktreePath)
        #expect(worktree.isWorktree)
        #expect(worktree.commonDirectory == repo.path + "/.git")
        #expect(worktree.gitDirectory == repo.path + "/.git/worktrees/wt")
        #expect(worktree.workTreeRoot == worktreePath)
        #expect(try worktree.head() == .branch(name: "feature/wt", commit: main))
        #expect(try Repository.open(at: repo.path).head() == .branch(name: "main", commit: main))
    }

    @Test("a corrupt .git/HEAD is a GitError, not a crash")
    func corruptHead() throws {
        let repo = try TestRepo()
        try repo.commit(files: ["a": "1"], message: "init")
        try "garbage\n".write(toFile: repo.path + "/.git/HEAD", atomically: true, encoding: .utf8)
        #expect(throws: GitError.self) { try Repository.open(at: repo.path).head() }
    }

    @Test("a shallow clone says so")
    func shallow() throws {
        let repo = try TestRepo()
        for n in 1...3 { try repo.commit(files: ["a": "\(n)"], message: "c\(n)") }
        let clone = repo.sibling("shallow")
        try TestRepo.run(["clone", "-q", "--depth", "1", "file://" + repo.path, clone], in: repo.sibling(""))
        #expect(try Repository.open(at: clone).isShallow)
    }
}
