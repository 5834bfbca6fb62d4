import GitRepository
import Testing

@Suite("Tags", .tags(.repository))
struct TagTests {
    /// v1.0.0 (annotated) and v1.0.0-light on the first commit, v2.0.0 (annotated), v2.0.0-rc.1 and
    /// nested (a tag of the v2.0.0 tag) on the second; a tag on a tree and one on a blob.
    private func tagged() throws -> (TestRepo, first: ObjectID, second: ObjectID, tree: ObjectID, blob: ObjectID) {
        let repo = try TestRepo()
        let first = try repo.commit(files: ["a": "1"], message: "one")
        try repo.git("tag", "-a", "-m", "release 1", "v1.0.0")
        try repo.git("tag", "v1.0.0-light")
        let second = try repo.commit(files: ["a": "2"], message: "two")
        try repo.git("tag", "-a", "-m", "release 2", "v2.0.0")
        try repo.git("tag", "v2.0.0-rc.1")
        try repo.git("tag", "-a", "-m", "tag of a tag", "nested", "v2.0.0")
        try repo.git("tag", "-a", "-m", "a tree", "on-tree", "HEAD^{tree}")
        try repo.git("tag", "on-blob", "HEAD:a")
        return (repo, first, second, try repo.rev("HEAD^{tree}"), try repo.rev("HEAD:a"))
    }

    private func expectedTags(_ first: ObjectID, _ second: ObjectID, tree: ObjectID, blob: ObjectID) -> [TagInfo] {
        [
            TagInfo(name: "nested", target: second),
            TagInfo(name: "on-blob", target: blob),
            TagInfo(name: "on-tree", target: tree),
            TagInfo(name: "v1.0.0", target: first),
            TagInfo(name: "v1.0.0-light", target: first),
            TagInfo(name: "v2.0.0", target: second),
            TagInfo(name: "v2.0.0-rc.1", target: second),
        ]
    }

    @Test("loose annotated and lightweight tags peel to their commits; tree and blob tags give those objects")
    func looseTags() throws {
        let (repo, first, second, tree, blob) = try tagged()
        let repository = try Repository.open(at: repo.path)
        #expect(try repository.tags() == expectedTags(first, second, tree: tree, blob: blob))
        #expect(try repository.tags(pointingAt: first) == ["v1.0.0", "v1.0.0-light"])
        #expect(try repository.tags(pointingAt: second) == ["nested", "v2.0.0", "v2.0.0-rc.1"])
    }

    @Test("packed tags read the same as loose ones")
    func packedTags() throws {
        let (repo, first, second, tree, blob) = try tagged()
        try repo.git("pack-refs", "--all")
        #expect(try repo.git("for-each-ref", "refs/tags").isEmpty == false)
        let repository = try Repository.open(at: repo.path)
        #expect(try repository.tags() == expectedTags(first, second, tree: tree, blob: blob))
        #expect(try repository.tags(pointingAt: first) == ["v1.0.0", "v1.0.0-light"])
        #expect(try repository.tags(pointingAt: second) == ["nested", "v2.0.0", "v2.0.0-rc.1"])
    }

    @Test("a commit without tags has none")
    func untagged() throws {
        let (repo, _, _, _, _) = try tagged()
        let third = try repo.commit(files: ["a": "3"], message: "three")
        #expect(try Repository.open(at: repo.path).tags(pointingAt: third) == [])
    }

    @Test("a tag name that is not UTF-8 is repaired, not a crash")
    func nonUTF8TagName() throws {
        let repo = try TestRepo()
        let id = try repo.commit(files: ["a": "1"], message: "one")
        try repo.shell("git tag \"$(printf 'bad\\377name')\"")
        let tags = try Repository.open(at: repo.path).tags()
        #expect(tags == [TagInfo(name: "bad\u{FFFD}name", target: id)])
    }
}
