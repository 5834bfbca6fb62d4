import Foundation
import TestSupport
import Testing
@testable import GitRepository

/// `ParsedCommit` reads raw commits in place for walks; libgit2's `git_commit_lookup` is what
/// it stands in for. For every commit it accepts, each field must be exactly libgit2's; what it
/// does not accept is left to libgit2, which must then still read it or say why not.
@Suite("Commit parser agrees with libgit2")
struct CommitParserTests {
    private static let emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
    private static let author = "author A U Thor <author@example.com> 1700000000 +0100\n"
    private static let committer = "committer C O Mitter <committer@example.com> 1700000500 -0230\n"

    /// A repository to write hand-made commits into, with the empty tree and two real commits to use as parents.
    private final class Fixture {
        let repo: TestRepo
        let repository: Repository
        let store: ObjectStore
        let parents: [ObjectID]
        private var written = 0

        init() throws {
            repo = try TestRepo()
            try repo.git("hash-object", "-t", "tree", "-w", "/dev/null")
            parents = [try repo.commit(files: ["a": "1"], message: "first"), try repo.commit(files: ["a": "2"], message: "second"),
                       try repo.commit(files: ["a": "3"], message: "third")]
            repository = try Repository.open(at: repo.path)
            store = try ObjectStore(repository: repository)
        }

        /// Stores `bytes` as a commit object exactly as given: `--literally` skips git's own checks.
        func write(_ bytes: [UInt8]) throws -> ObjectID {
            try write([bytes])[0]
        }

        /// Stores each of `commits` with one `git hash-object --stdin-paths`.
        func write(_ commits: [[UInt8]]) throws -> [ObjectID] {
            let folder = repo.sibling("raw-\(written)")
            written += 1
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var paths: [String] = []
            for (number, bytes) in commits.enumerated() {
                let path = folder + "/\(number)"
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                paths.append(path)
            }
            let output = try gitText(["hash-object", "-t", "commit", "-w", "--literally", "--stdin-paths"], in: repo.path,
                                     stdin: Data((paths.joined(separator: "\n") + "\n").utf8))
            let ids = output.split(separator: "\n").compactMap { ObjectID(hex: String($0)) }
            guard ids.count == commits.count else { throw TestRepo.Failure("hash-object gave \(ids.count) ids for \(commits.count) commits") }
            return ids
        }
    }

    /// What reading `id` both ways found.
    private enum Outcome: Equatable {
        /// `ParsedCommit` took it and every field is libgit2's.
        case agreed
        /// `ParsedCommit` left it to libgit2 (which `read` it or failed).
        case leftToLibgit2(libgit2Read: Bool)
        /// `ParsedCommit` took it and a field differs, or libgit2 refuses what it took.
        case differs([String])
    }

    private static func show(_ text: String) -> String {
        text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f ? String($0) : "\\u{\(String($0.value, radix: 16))}" }.joined()
    }

    /// Reads `id` through the object store (its bytes must be `raw`), parses it in place, and
    /// compares with libgit2 field by field.
    private static func outcome(_ id: ObjectID, raw: [UInt8], _ fixture: Fixture) throws -> Outcome {
        let object = try fixture.store.read(id)
        guard object.kind == .commit, Array(object.bytes) == raw else {
            return .differs(["the object store read a \(object.kind) of \(object.bytes.count) bytes, not the \(raw.count) written"])
        }
        guard let parsed = ParsedCommit(object.bytes) else {
            let read = (try? fixture.repository.commit(id)) != nil
            return .leftToLibgit2(libgit2Read: read)
        }
        let ours = CommitInfo(id: id, parsed: parsed, raw: object.bytes)
        let theirs: CommitInfo
        do {
            theirs = try fixture.repository.commit(id)
        } catch {
            return .differs(["accepted a commit libgit2 refuses: \(error)"])
        }
        #expect(CommitInfo(id: id, raw: object.bytes) == ours)
        var fields: [String] = []
        if ours.message != theirs.message { fields.append("message \"\(show(ours.message))\" vs libgit2 \"\(show(theirs.message))\"") }
        if ours.authorName != theirs.authorName { fields.append("author name \"\(show(ours.authorName))\" vs libgit2 \"\(show(theirs.authorName))\"") }
        if ours.authorEmail != theirs.authorEmail { fields.append("author email \"\(show(ours.authorEmail))\" vs libgit2 \"\(show(theirs.authorEmail))\"") }
        if ours.time != theirs.time { fields.append("time \(ours.time.timeIntervalSince1970) vs libgit2 \(theirs.time.timeIntervalSince1970)") }
        if ours.parents != theirs.parents { fields.append("parents \(ours.parents) vs libgit2 \(theirs.parents)") }
        if ours.tree != theirs.tree { fields.append("tree \(String(describing: ours.tree)) vs libgit2 \(String(describing: theirs.tree))") }
        if ours.id != theirs.id { fields.append("id") }
        return fields.isEmpty ? .agreed : .differs(fields)
    }

    /// One hand-written commit and whether the fast path must take it: nil when either way is fine.
    private struct Case {
        let name: String
        let bytes: [UInt8]
        let accepted: Bool?
    }

    private static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    private static func cases(parents p: [ObjectID]) -> [Case] {
        let tree = "tree \(emptyTree)\n"
        let parent = "parent \(p[0].hex)\n"
        let head = tree + parent + author + committer
        let gpgsig = """
            gpgsig -----BEGIN PGP SIGNATURE-----
             
             iQEzBAABCAAdFiEEexampleexampleexampleexampleexampleFAmV
             =abcd
             -----END PGP SIGNATURE-----

            """
        let mergetag = """
            mergetag object \(p[1].hex)
             type commit
             tag v1.0.0
             tagger T Agger <tagger@example.com> 1700000100 +0000
             
             release v1.0.0

            """
        return [
            // What git itself writes: the fast path must take these.
            Case(name: "plain", bytes: text(head + "\nsubject\n\nbody line\n"), accepted: true),
            Case(name: "root commit", bytes: text(tree + author + committer + "\nroot\n"), accepted: true),
            Case(name: "merge", bytes: text(tree + parent + "parent \(p[1].hex)\n" + author + committer + "\nmerge\n"), accepted: true),
            Case(name: "octopus", bytes: text(tree + parent + "parent \(p[1].hex)\nparent \(p[2].hex)\n" + author + committer + "\noctopus\n"), accepted: true),
            Case(name: "CRLF in the message", bytes: text(head + "\nsubject\r\n\r\nbody\r\n"), accepted: true),
            Case(name: "gpgsig", bytes: text(head + gpgsig + "\nsigned\n"), accepted: true),
            Case(name: "mergetag", bytes: text(tree + parent + "parent \(p[1].hex)\n" + author + committer + mergetag + "\nMerge tag 'v1.0.0'\n"), accepted: true),
            Case(name: "encoding and Latin-1 bytes", bytes: text(head + "encoding ISO-8859-1\n\ncaf") + [0xe9, 0x0a], accepted: true),
            Case(name: "non-ASCII names", bytes: text(tree + "author Zoë Ångström <zoë@example.com> 1700000000 +0000\n" + committer + "\nx\n"), accepted: true),
            // Messages of unusual shapes.
            Case(name: "no trailing newline", bytes: text(head + "\nsubject without newline"), accepted: nil),
            Case(name: "no blank line: no message", bytes: text(head), accepted: nil),
            Case(name: "a blank line and nothing after it", bytes: text(head + "\n"), accepted: nil),
            Case(name: "several blank lines before the message", bytes: text(head + "\n\n\n\nsubject\n"), accepted: nil),
            Case(name: "message starting with spaces", bytes: text(head + "\n   indented\n"), accepted: nil),
            Case(name: "message starting with CRLF", bytes: text(head + "\n\r\nsubject\n"), accepted: nil),
            Case(name: "a line of CR before the blank line", bytes: text(head + "\r\n\nsubject\n"), accepted: nil),
            Case(name: "headers after the committer, no blank line", bytes: text(head + "x-extra one\nx-extra two\n"), accepted: nil),
            Case(name: "NUL in the message", bytes: text(head + "\nbefore") + [0] + text("after\n"), accepted: nil),
            Case(name: "NUL right at the message's start", bytes: text(head + "\n") + [0] + text("hidden\n"), accepted: nil),
            Case(name: "invalid UTF-8 in the message", bytes: text(head + "\nbad ") + [0xff, 0xfe, 0xc3] + text("\n"), accepted: nil),
            // Signatures of unusual shapes.
            Case(name: "name with <", bytes: text(tree + "author A <b> Thor <a@example.com> 1700000000 +0000\n" + committer + "\nx\n"), accepted: nil),
            Case(name: "extra spaces around name and email", bytes: text(tree + "author    Ada   Lovelace    <   ada@example.com   > 1700000000 +0000\n" + committer + "\nx\n"), accepted: nil),
            Case(name: "tabs around name and email", bytes: text(tree + "author \tAda\t<\tada@example.com\t> 1700000000 +0000\n" + committer + "\nx\n"), accepted: nil),
            Case(name: "email with >", bytes: text(tree + "author Ada <ada>x@example.com> 1700000000 +0000\n" + committer + "\nx\n"), accepted: nil),
            Case(name: "email with <", bytes: text(tree + "author Ada <ada<x@example.com> 1700000000 +0000\n" + committer + "\nx\n"), accepted: nil),
            Case(name: "empty name and email", bytes: text(tree + "author <> 1700000000 +0000\n" + committer + "\nx\n"), accepted: nil),
            Case(name: "name ending in a full stop", bytes: text(tree + "author J. Random Hacker Jr. <jr@example.com> 1700000000 +0000\n" + committer + "\nx\n"), accepted: nil),
            Case(name: "quoted name and email", bytes: text(tree + "author \"Ada\" <'ada@example.com'> 1700000000 +0000\n" + committer + "\nx\n"), accepted: nil),
            Case(name: "control byte after the name", bytes: text(tree + "author Ada\u{01} <ada@example.com\u{01}> 1700000000 +0000\n" + committer + "\nx\n"), accepted: nil),
            Case(name: "NUL in the name", bytes: text(tree + "author Ada") + [0] + text("Lovelace <ada@example.com> 1700000000 +0000\n" + committer + "\nx\n"), accepted: nil),
            Case(name: "two author lines", bytes: text(tree + author + "author Second <second@example.com> 1 +0000\n" + committer + "\nx\n"), accepted: nil),
            Case(name: "missing author", bytes: text(tree + committer + "\nx\n"), accepted: false),
            Case(name: "missing committer", bytes: text(tree + author + "\nx\n"), accepted: false),
            Case(name: "committer before author", bytes: text(tree + committer + author + "\nx\n"), accepted: nil),
            Case(name: "no space before the time", bytes: text(tree + "author Ada <ada@example.com>1700000000 +0000\n" + committer + "\nx\n"), accepted: nil),
            // Times and time zones.
            Case(name: "time zone +05", bytes: text(tree + author + "committer C <c@example.com> 1700000500 +05\n\nx\n"), accepted: nil),
            Case(name: "time zone +0000000", bytes: text(tree + author + "committer C <c@example.com> 1700000500 +0000000\n\nx\n"), accepted: nil),
            Case(name: "time zone -12345", bytes: text(tree + author + "committer C <c@example.com> 1700000500 -12345\n\nx\n"), accepted: nil),
            Case(name: "time zone without sign", bytes: text(tree + author + "committer C <c@example.com> 1700000500 0000\n\nx\n"), accepted: nil),
            Case(name: "time zone +9999", bytes: text(tree + author + "committer C <c@example.com> 1700000500 +9999\n\nx\n"), accepted: nil),
            Case(name: "no time zone", bytes: text(tree + author + "committer C <c@example.com> 1700000500\n\nx\n"), accepted: nil),
            Case(name: "no time", bytes: text(tree + author + "committer C <c@example.com>\n\nx\n"), accepted: nil),
            Case(name: "time with leading zeros", bytes: text(tree + author + "committer C <c@example.com> 0001700000500 +0000\n\nx\n"), accepted: nil),
            Case(name: "time 0", bytes: text(tree + author + "committer C <c@example.com> 0 +0000\n\nx\n"), accepted: nil),
            Case(name: "time after 2038 and 9999", bytes: text(tree + author + "committer C <c@example.com> 253402300800 +0000\n\nx\n"), accepted: nil),
            Case(name: "negative time", bytes: text(tree + author + "committer C <c@example.com> -1 +0000\n\nx\n"), accepted: nil),
            Case(name: "time of 19 digits", bytes: text(tree + author + "committer C <c@example.com> 1234567890123456789 +0000\n\nx\n"), accepted: nil),
            Case(name: "time of 20 digits", bytes: text(tree + author + "committer C <c@example.com> 99999999999999999999 +0000\n\nx\n"), accepted: nil),
            Case(name: "CRLF line ends in the headers", bytes: text("tree \(emptyTree)\r\n" + author + committer + "\nx\n"), accepted: nil),
            Case(name: "committer line with CR", bytes: text(tree + author + "committer C <c@example.com> 1700000500 +0000\r\n\nx\n"), accepted: nil),
            // Ids.
            Case(name: "uppercase hex in the tree line", bytes: text("tree \(emptyTree.uppercased())\n" + author + committer + "\nx\n"), accepted: nil),
            Case(name: "uppercase hex in a parent line", bytes: text(tree + "parent \(p[0].hex.uppercased())\n" + author + committer + "\nx\n"), accepted: nil),
            Case(name: "short tree id", bytes: text("tree \(emptyTree.dropLast())\n" + author + committer + "\nx\n"), accepted: false),
            Case(name: "no tree", bytes: text(parent + author + committer + "\nx\n"), accepted: false),
            Case(name: "parent after the author", bytes: text(tree + author + parent + committer + "\nx\n"), accepted: nil),
            Case(name: "same parent twice", bytes: text(tree + parent + parent + author + committer + "\nx\n"), accepted: nil),
            Case(name: "a parent that does not exist", bytes: text(tree + "parent \(String(repeating: "ab", count: 20))\n" + author + committer + "\nx\n"), accepted: nil),
            Case(name: "empty object", bytes: [], accepted: false),
            Case(name: "cut in the tree line", bytes: text("tree 4b825d"), accepted: false),
            Case(name: "cut in the committer line", bytes: text(tree + author + "committer C <c@exa"), accepted: false),
        ]
    }

    @Test("hand-written commits: each one the fast path takes reads exactly as libgit2 reads it")
    func handWritten() throws {
        let fixture = try Fixture()
        let cases = Self.cases(parents: fixture.parents)
        let ids = try fixture.write(cases.map(\.bytes))
        for (item, id) in zip(cases, ids) {
            let outcome = try Self.outcome(id, raw: item.bytes, fixture)
            switch outcome {
            case .agreed:
                #expect(item.accepted != false, "\(item.name): taken, but it is malformed")
            case .leftToLibgit2(let read):
                #expect(item.accepted != true, "\(item.name): git writes this shape; the fast path should take it")
                // Whether libgit2 reads it is libgit2's business; it must only not crash.
                _ = read
            case .differs(let fields):
                Issue.record("\(item.name): \(fields.joined(separator: "; "))")
            }
        }
    }

    @Test("a walk over hand-written commits returns what libgit2 reads, for the commits it parses and those it leaves to libgit2")
    func walkOverHandWritten() throws {
        let fixture = try Fixture()
        // A chain through every case that libgit2 reads, each one made the child of the one before.
        var previous = fixture.parents[0]
        var chain: [ObjectID] = []
        let needle = Array("parent \(fixture.parents[0].hex)\n".utf8)
        for item in Self.cases(parents: fixture.parents) where item.bytes.count > 48 && item.bytes.starts(with: Array("tree ".utf8)) {
            // Point the commit at the previous one, keeping everything else byte for byte.
            var bytes = item.bytes
            if let range = bytes.firstRange(of: needle) {
                bytes.replaceSubrange(range, with: Array("parent \(previous.hex)\n".utf8))
            } else if let newline = bytes.firstIndex(of: 0x0a) {
                bytes.insert(contentsOf: Array("parent \(previous.hex)\n".utf8), at: newline + 1)
            }
            let id = try fixture.write(bytes)
            // Only commits libgit2 reads, with this parent first and no missing parent, make a history to walk.
            guard let info = try? fixture.repository.commit(id), info.parents.first == previous,
                  info.parents.allSatisfy({ (try? fixture.store.read($0)) != nil }) else { continue }
            chain.append(id)
            previous = id
        }
        try #require(chain.count > 30)
        for order in [WalkOrder.incremental, .topological] {
            let walk = try fixture.repository.walk(CommitRange(include: [previous]), order: order)
            var walked: [CommitInfo] = []
            while let commit = try walk.next() { walked.append(commit) }
            // The order depends on dates git and libgit2 may read differently from odd lines; the set does not.
            #expect(Set(walked.map(\.id)) == Set(try fixture.repo.revList(previous.hex)))
            #expect(walked.count == (try fixture.repo.revList(previous.hex)).count)
            // Each commit's fields once: the topological walk reads them the same way.
            for ours in walked where order == .incremental {
                let theirs = try fixture.repository.commit(ours.id)
                if ours != theirs || ours.tree != theirs.tree {
                    Issue.record("\(ours.id): walk gave author \"\(Self.show(ours.authorName))\" <\(Self.show(ours.authorEmail))>, message \"\(Self.show(ours.message))\", time \(ours.time.timeIntervalSince1970); libgit2 \"\(Self.show(theirs.authorName))\" <\(Self.show(theirs.authorEmail))>, message \"\(Self.show(theirs.message))\", time \(theirs.time.timeIntervalSince1970)")
                }
            }
        }
    }

    // MARK: - Generated commits

    /// A commit of the shape git writes, with random names, emails, dates, headers and
    /// messages. With `punctuation`, names and emails also take the characters git calls crud
    /// (`.,:;<>"\\'` and control bytes), which may then start or end them.
    private static func generatedCommit(_ random: inout SeededRandom, parents: [ObjectID], punctuation: Bool) -> [UInt8] {
        func pick<T>(_ options: [T]) -> T { options[Int.random(in: 0..<options.count, using: &random)] }
        func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        var nameParts: [[UInt8]] = [text("Ada"), text("Lovelace"), text(" "), text("  "), text("\t"), text("Zoë"), text("😀"),
                                    text("O'Neil"), text("St. John"), text("-"), text("_"), [0xe9]]
        var emailParts: [[UInt8]] = [text("ada"), text("@"), text("example.com"), text(" "), text("+tag"), text("é"), text("\t")]
        if punctuation {
            nameParts += [text("Jr."), text("."), text(","), text("'"), text("\""), text("<"), text(">"), text(";"), text(":"), text("\\"), [0x01], [0]]
            emailParts += [text("."), text("<"), text(">"), text("'")]
        }
        func signature(_ header: String) -> [UInt8] {
            var line = text(header + " ")
            for _ in 0..<Int.random(in: 0...5, using: &random) { line += pick(nameParts) }
            line += text(chance(90) ? " <" : "<")
            for _ in 0..<Int.random(in: 0...5, using: &random) { line += pick(emailParts) }
            let digits = String(Int.random(in: 0...4_000_000_000, using: &random))
            let zeros = chance(10) ? "00" : ""
            // Mostly the canonical ±HHMM, now and then a zone only libgit2 reads.
            let zone = chance(92) ? pick(["+0000", "-0700", "+0530", "+1400", "-1200", "+0100"]) : pick(["+05", "0000", "+00000"])
            line += text("> " + zeros + digits + " " + zone + "\n")
            return line
        }
        var bytes = text("tree \(emptyTree)\n")
        for parent in parents.prefix(Int.random(in: 0...parents.count, using: &random)) { bytes += text("parent \(parent.hex)\n") }
        bytes += signature("author")
        if chance(3) { bytes += signature("author") }
        bytes += signature("committer")
        if chance(20) { bytes += text("encoding \(pick(["UTF-8", "ISO-8859-1"]))\n") }
        if chance(10) { bytes += text("gpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n") }
        if chance(5) { bytes += text("x-custom value\n") }
        if chance(95) {
            bytes += text("\n")
            let lineParts: [[UInt8]] = [text("fix"), text(" "), text("deploy"), text("\n"), text("\r\n"), text("\n\n"),
                                        text("\r"), text("é"), text("\t"), [0xff], text("<>"), text("..."), [0]]
            for _ in 0..<Int.random(in: 0...12, using: &random) {
                let part = pick(lineParts)
                // A NUL only now and then: most messages should compare in full.
                if part == [0], !chance(20) { continue }
                bytes += part
            }
        }
        return bytes
    }

    private func checkGenerated(seed: UInt64, punctuation: Bool) throws {
        let fixture = try Fixture()
        var random = SeededRandom(seed: seed)
        let commits = (0..<150).map { _ in Self.generatedCommit(&random, parents: fixture.parents, punctuation: punctuation) }
        let ids = try fixture.write(commits)
        var accepted = 0
        var differences: [String] = []
        for (number, (bytes, id)) in zip(commits, ids).enumerated() {
            switch try Self.outcome(id, raw: bytes, fixture) {
            case .agreed:
                accepted += 1
            case .leftToLibgit2:
                break
            case .differs(let fields):
                accepted += 1
                let signatures = bytes.split(separator: 0x0a).filter { $0.starts(with: Array("author ".utf8)) }
                    .map { Self.show(String(decoding: $0, as: UTF8.self)) }
                differences.append("#\(number) \(signatures.joined(separator: " / ")): \(fields.joined(separator: "; "))")
            }
        }
        // The generator mostly writes the shape the fast path takes; otherwise this tests little.
        #expect(accepted > 75, "only \(accepted) of 150 taken by the fast path")
        let differing = differences.count
        #expect(differing == 0, "\(differing) of \(accepted) taken commits differ from libgit2, e.g.\n\(differences.prefix(6).joined(separator: "\n"))")
    }

    @Test("generated commits with odd messages, dates, headers, and names and emails of letters and spaces read as libgit2 reads them",
          arguments: [1, 2, 3] as [UInt64])
    func generated(seed: UInt64) throws {
        try checkGenerated(seed: seed, punctuation: false)
    }

    @Test("generated commits whose names and emails start or end with punctuation or control bytes read as libgit2 reads them",
          arguments: [4, 5] as [UInt64])
    func generatedWithPunctuation(seed: UInt64) throws {
        try checkGenerated(seed: seed, punctuation: true)
    }
}
