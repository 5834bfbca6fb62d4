import Foundation
import Testing
@testable import GitRepository

/// Revision syntax and the changed paths of a walk agree with git.
@Suite("Revisions and changed paths agree with git", .tags(.repository))
struct ChangedPathsTests {
    @Test("BASE~N and other revision syntax resolve as git rev-parse does")
    func ancestorSyntax() throws {
        let repo = try TestRepo()
        for n in 1...4 { try repo.commit(files: ["a": "\(n)"], message: "main \(n)") }
        try repo.git("tag", "-a", "-m", "release", "v1.0.0")
        try repo.git("checkout", "-q", "-b", "side", "HEAD~2")
        try repo.commit(files: ["s": "1"], message: "side")
        try repo.git("checkout", "-q", "main")
        try repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side")
        try repo.commit(files: ["a": "5"], message: "main 5")
        let repository = try Repository.open(at: repo.path)
        for revision in ["HEAD~1", "HEAD~2", "HEAD~3", "HEAD~5", "main~4", "v1.0.0~2", "side~1", "HEAD~1~2", "HEAD~1^2~1",
                         "HEAD~0", "HEAD~", "HEAD~01", (try repo.rev("HEAD")).hex + "~3"] {
            #expect(try repository.resolveCommit(revision) == (try repo.rev(revision)), "\(revision)")
        }
        let tooFar = try #require(throws: GitError.self) { try repository.resolveCommit("HEAD~6") }
        #expect(tooFar.function == "git_revparse_single")
        #expect(throws: GitError.self) { try repository.resolveCommit("no-such~2") }
    }

    @Test("changed paths match git log, through deletions, renamed directories and deep new directories")
    func changedPathsMatchGitLog() throws {
        let repo = try TestRepo()
        for n in 1...30 {
            var files = ["services/s\(n % 4)/src/f\(n % 7).txt": "\(n)", "migrations/\(String(format: "%04d", n)).sql": "\(n)"]
            if n % 5 == 0 { files["services/s\((n + 1) % 4)/README"] = "\(n)" }
            if n % 6 == 0 { files["a/b/c/d\(n)/e"] = "\(n)" }
            try repo.commit(files: files, deleting: n == 20 ? ["migrations/0003.sql", "services/s1/src/f1.txt"] : [], message: "commit \(n)")
        }
        try repo.git("mv", "services/s2", "services/t2")
        try repo.git("commit", "-q", "-m", "rename a directory")
        let walk = try Repository.open(at: repo.path).walk(.between(nil, try repo.rev("HEAD")), order: .incremental)
        let ours = try listing(of: walk)
        let git = logLines(try repo.git("log", "--format=%H", "--name-only", "--no-renames", "HEAD"))
        #expect(ours == git)
    }

    /// A history with merges, a deleted file, a new directory and a root commit in the range.
    private func mergedHistory() throws -> TestRepo {
        let repo = try TestRepo()
        for n in 1...40 {
            var files = ["services/s\(n % 3)/f\(n % 5).txt": "\(n)", "db/\(String(format: "%03d", n)).sql": "\(n)"]
            if n % 7 == 0 { files["deep/a\(n)/b/c"] = "\(n)" }
            try repo.commit(files: files, deleting: n == 30 ? ["db/003.sql"] : [], message: "main \(n)")
            if n % 10 == 0 {
                try repo.git("checkout", "-q", "-b", "side\(n)", "HEAD~2")
                try repo.commit(files: ["side/\(n).txt": "s"], message: "side \(n)")
                try repo.git("checkout", "-q", "main")
                try repo.git("merge", "-q", "--no-ff", "-m", "merge side \(n)", "side\(n)")
            }
        }
        return repo
    }

    @Test("paths of merges and their ranges are what git diff-tree lists against the first parent, in git rev-list's order")
    func mergePaths() throws {
        let repo = try mergedHistory()
        let repository = try Repository.open(at: repo.path)
        let base = try repo.rev("HEAD~25")
        let walk = try repository.walk(.between(base, try repo.rev("HEAD")), order: .incremental)
        let ours = try listing(of: walk)
        let expected = try repo.revList("\(base.hex)..HEAD").flatMap { id -> [String] in
            // Against the first parent, as the scan diffs a merge.
            let paths = try repo.git("diff", "--name-only", "--no-renames", id.hex + "~1", id.hex)
            return [id.hex] + logLines(paths).sorted()
        }
        #expect(ours == expected)
    }

    @Test("a listing stops when the caller says so, and a limit truncates it and says which")
    func stoppedAndTruncated() throws {
        let repo = try mergedHistory()
        let repository = try Repository.open(at: repo.path)
        let walk = try repository.walk(.between(nil, try repo.rev("HEAD~1")), order: .incremental)
        let commit = try #require(try walk.next())
        let all = try walk.changedPaths(of: commit)
        #expect(all.count == 2)
        var seen: [String] = []
        #expect(try walk.changedPaths(of: commit) { seen.append($0); return false } == .stopped)
        #expect(seen == Array(all.prefix(1)))
        seen = []
        let one = DiffLimits(changedEntries: 1, depth: 100)
        #expect(try walk.changedPaths(of: commit, limits: one) { seen.append($0); return true }
            == .truncated("more than 1 changed entries"))
        let shallow = DiffLimits(changedEntries: 100, depth: 0)
        #expect(try walk.changedPaths(of: commit, limits: shallow) { _ in true }
            == .truncated("directories nested more than 0 levels deep"))
    }
}
