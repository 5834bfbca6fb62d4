import Foundation
import GitRepository
import Testing

@Suite("Revisions, references, graph and config", .tags(.repository))
struct RevisionTests {
    @Test("resolveCommit peels tags and follows revision syntax")
    func resolveCommit() throws {
        let repo = try TestRepo()
        let first = try repo.commit(files: ["a": "1"], message: "one")
        try repo.git("tag", "-a", "-m", "release", "v1.0.0")
        let second = try repo.commit(files: ["a": "2"], message: "two")
        try repo.git("tag", "light")
        let repository = try Repository.open(at: repo.path)
        #expect(try repository.resolveCommit("v1.0.0") == first)
        #expect(try repository.resolveCommit("light") == second)
        #expect(try repository.resolveCommit("HEAD~1") == first)
        #expect(try repository.resolveCommit("HEAD") == second)
        #expect(try repository.resolveCommit("refs/heads/main") == second)
        #expect(try repository.resolveCommit(first.hex) == first)
        let error = try #require(throws: GitError.self) { try repository.resolveCommit("no-such-ref") }
        #expect(error.isNotFound)
        #expect(throws: GitError.self) { try repository.resolveCommit("HEAD^{tree}") }
    }

    @Test("commit reads parents, author, committer time and message")
    func commitInfo() throws {
        let repo = try TestRepo()
        let first = try repo.commit(files: ["a": "1"], message: "one")
        let second = try repo.commit(files: ["a": "2"], message: "feat!: two\n\nBREAKING CHANGE: yes")
        let commit = try Repository.open(at: repo.path).commit(second)
        #expect(commit.id == second)
        #expect(commit.parents == [first])
        #expect(commit.subject == "feat!: two")
        #expect(commit.message == "feat!: two\n\nBREAKING CHANGE: yes\n")
        #expect(commit.authorName == "Ada Tester")
        #expect(commit.authorEmail == "ada@example.com")
        let committed = try repo.git("log", "-1", "--format=%ct", second.hex)
        #expect(commit.time == Date(timeIntervalSince1970: try #require(TimeInterval(committed))))
    }

    @Test("a message that is not UTF-8 is repaired with U+FFFD")
    func nonUTF8Message() throws {
        let repo = try TestRepo()
        try repo.commit(files: ["a": "1"], message: "one")
        // `git commit` re-encodes invalid UTF-8 as Latin-1, so write the raw object by hand.
        try repo.shell("""
            tree=$(git rev-parse HEAD^{tree}) && \\
            printf 'tree %s\\nauthor A <a@x> 1700000000 +0000\\ncommitter A <a@x> 1700000000 +0000\\n\\ncaf\\351 au lait\\n' "$tree" \\
              | git hash-object -t commit -w --stdin > id && git update-ref refs/heads/latin1 "$(cat id)"
            """)
        let commit = try Repository.open(at: repo.path).commit(try repo.rev("latin1"))
        #expect(commit.subject == "caf\u{FFFD} au lait")
    }

    @Test("a missing commit is a not-found GitError naming git_commit_lookup")
    func missingCommit() throws {
        let repo = try TestRepo()
        try repo.commit(files: ["a": "1"], message: "one")
        let missing = try #require(ObjectID(hex: String(repeating: "e", count: 40)))
        let error = try #require(throws: GitError.self) { try Repository.open(at: repo.path).commit(missing) }
        #expect(error.isNotFound)
        #expect(error.function == "git_commit_lookup")
    }

    @Test("referenceTargets peels matching references to commits and skips the rest")
    func referenceTargets() throws {
        let repo = try TestRepo()
        let one = try repo.commit(files: ["a": "1"], message: "one")
        let two = try repo.commit(files: ["a": "2"], message: "two")
        try repo.git("update-ref", "refs/remotes/origin/main", two.hex)
        try repo.git("update-ref", "refs/remotes/origin/feature/x", one.hex)
        try repo.git("update-ref", "refs/remotes/origin/a-tree", try repo.git("rev-parse", "HEAD^{tree}"))
        try repo.git("symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
        try repo.git("update-ref", "refs/remotes/other/main", one.hex)
        let repository = try Repository.open(at: repo.path)
        #expect(Set(try repository.referenceTargets(matching: "refs/remotes/origin/*")) == [one, two])
        #expect(try repository.referenceTargets(matching: "refs/remotes/origin/*").count == 2)
        #expect(try repository.referenceTargets(matching: "refs/remotes/other/*") == [one])
        #expect(try repository.referenceTargets(matching: "refs/remotes/nobody/*") == [])
        try repo.git("pack-refs", "--all")
        #expect(Set(try Repository.open(at: repo.path).referenceTargets(matching: "refs/remotes/origin/*")) == [one, two])
    }

    @Test("referenceExists")
    func referenceExists() throws {
        let repo = try TestRepo()
        try repo.commit(files: ["a": "1"], message: "one")
        try repo.git("tag", "v1")
        let repository = try Repository.open(at: repo.path)
        #expect(repository.referenceExists("refs/heads/main"))
        #expect(repository.referenceExists("refs/tags/v1"))
        #expect(!repository.referenceExists("refs/heads/nope"))
        #expect(!repository.referenceExists("not a ref name"))
    }

    @Test("isAncestor and aheadBehind agree with git")
    func graph() throws {
        let repo = try TestRepo()
        let base = try repo.commit(files: ["a": "0"], message: "base")
        try repo.git("checkout", "-q", "-b", "local")
        for n in 1...3 { try repo.commit(files: ["l": "\(n)"], message: "local \(n)") }
        try repo.git("checkout", "-q", "main")
        for n in 1...2 { try repo.commit(files: ["u": "\(n)"], message: "upstream \(n)") }
        let local = try repo.rev("local")
        let upstream = try repo.rev("main")
        let repository = try Repository.open(at: repo.path)

        let counts = try repo.git("rev-list", "--left-right", "--count", "local...main").split(separator: "\t")
        let result = try repository.aheadBehind(local: local, upstream: upstream)
        #expect(result.ahead == 3 && result.behind == 2)
        #expect([String(result.ahead), String(result.behind)] == counts.map(String.init))

        #expect(try repository.isAncestor(base, of: local))
        #expect(try repository.isAncestor(local, of: local))
        #expect(try !repository.isAncestor(local, of: upstream))
        #expect(try !repository.isAncestor(local, of: base))
    }

    @Test("configString reads the effective config, nil when unset")
    func config() throws {
        let repo = try TestRepo()
        try repo.git("config", "core.hooksPath", ".githooks")
        try repo.git("config", "deploy.Target", "ops team")
        let repository = try Repository.open(at: repo.path)
        #expect(try repository.configString("core.hooksPath") == ".githooks")
        #expect(try repository.configString("deploy.target") == "ops team")
        #expect(try repository.configString("deploy.missing") == nil)
    }
}
