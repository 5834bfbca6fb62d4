import GitRepository
import Testing

@Suite("ObjectID", .tags(.repository))
struct ObjectIDTests {
    @Test("parses exactly 40 hex digits, in either case, to lowercase")
    func parsing() throws {
        let id = try #require(ObjectID(hex: "0123456789ABCDEF0123456789abcdef01234567"))
        #expect(id.hex == "0123456789abcdef0123456789abcdef01234567")
        #expect(id.short == "0123456")
        #expect(id.description == id.hex)
        #expect(!id.isZero)
    }

    @Test("rejects anything else", arguments: ["", "abc", String(repeating: "a", count: 39),
        String(repeating: "a", count: 41), String(repeating: "g", count: 40), " " + String(repeating: "a", count: 39)])
    func rejects(_ text: String) {
        #expect(ObjectID(hex: text) == nil)
    }

    @Test("zero is 40 zeros and sorts first")
    func zero() throws {
        #expect(ObjectID.zero.hex == String(repeating: "0", count: 40))
        #expect(ObjectID.zero.isZero)
        #expect(ObjectID(hex: String(repeating: "0", count: 40)) == .zero)
        #expect(ObjectID.zero < (try #require(ObjectID(hex: String(repeating: "1", count: 40)))))
    }

    @Test("ids read from libgit2 match git rev-parse")
    func roundTrip() throws {
        let repo = try TestRepo()
        let id = try repo.commit(files: ["a": "1"], message: "one")
        #expect(try Repository.open(at: repo.path).resolveCommit(id.hex) == id)
    }
}
