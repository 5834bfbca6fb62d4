import GitRepository
import Testing

@Suite("Reading a commit's tree", .tags(.repository))
struct TreeTests {
    /// A commit with a file, an executable, a symlink, a subdirectory and a submodule (gitlink).
    private func populated() throws -> (TestRepo, ObjectID) {
        let repo = try TestRepo()
        let first = try repo.commit(files: ["Chart.yaml": "name: app\n", "k8s/deploy.yaml": "kind: Deployment\n"], message: "one")
        try repo.write("run.sh", "#!/bin/sh\n")
        try repo.git("update-index", "--add", "--chmod=+x", "run.sh")
        try repo.shell("ln -s Chart.yaml link && git add link")
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(first.hex),vendor/lib")
        try repo.git("commit", "-q", "-m", "two")
        return (repo, try repo.rev("HEAD"))
    }

    @Test("blob returns a file's bytes, nil for a missing path, a directory or a symlink")
    func blob() throws {
        let (repo, commit) = try populated()
        let repository = try Repository.open(at: repo.path)
        #expect(try repository.blob(atPath: "Chart.yaml", in: commit) == Array("name: app\n".utf8))
        #expect(try repository.blob(atPath: "k8s/deploy.yaml", in: commit) == Array("kind: Deployment\n".utf8))
        #expect(try repository.blob(atPath: "run.sh", in: commit) == Array("#!/bin/sh\n".utf8))
        #expect(try repository.blob(atPath: "missing.txt", in: commit) == nil)
        #expect(try repository.blob(atPath: "k8s/missing/deeper", in: commit) == nil)
        #expect(try repository.blob(atPath: "k8s", in: commit) == nil)
        #expect(try repository.blob(atPath: "link", in: commit) == nil)
        #expect(try repository.blob(atPath: "vendor/lib", in: commit) == nil)
        #expect(try repository.blob(atPath: "", in: commit) == nil)
    }

    @Test("tree entries of the root and of a subdirectory, with their kinds")
    func treeEntries() throws {
        let (repo, commit) = try populated()
        let repository = try Repository.open(at: repo.path)
        #expect(try repository.treeEntries(atPath: "", in: commit) == [
            TreeEntry(name: "Chart.yaml", kind: .file),
            TreeEntry(name: "k8s", kind: .directory),
            TreeEntry(name: "link", kind: .symlink),
            TreeEntry(name: "run.sh", kind: .file),
            TreeEntry(name: "vendor", kind: .directory),
        ])
        #expect(try repository.treeEntries(atPath: "k8s", in: commit) == [TreeEntry(name: "deploy.yaml", kind: .file)])
        #expect(try repository.treeEntries(atPath: "vendor/", in: commit) == [TreeEntry(name: "lib", kind: .submodule)])
        #expect(try repository.treeEntries(atPath: "Chart.yaml", in: commit) == nil)
        #expect(try repository.treeEntries(atPath: "nope", in: commit) == nil)
    }

    @Test("reading the tree of a missing commit is a not-found GitError")
    func missingCommit() throws {
        let (repo, _) = try populated()
        let missing = try #require(ObjectID(hex: String(repeating: "1", count: 40)))
        let error = try #require(throws: GitError.self) {
            try Repository.open(at: repo.path).blob(atPath: "Chart.yaml", in: missing)
        }
        #expect(error.isNotFound)
        #expect(error.function == "git_commit_lookup")
    }
}
