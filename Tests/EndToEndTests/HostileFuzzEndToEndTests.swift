import Foundation
import Testing
import TestSupport

/// The property every hostile input must keep (issue 11): whatever commits, trees, notes and
/// configuration files other people hand it, the built binary only ever exits with a documented
/// code, prints no raw control character a terminal would act on, and never shows a secret it was
/// tricked into reading. Each case is built from a seed, so a failure names the seed that replays
/// it; `GIT_DEPLOY_FUZZ_CASES` raises the number of cases for a longer local run.
@Suite("hostile inputs: fuzzed commits, trees, notes and configuration files", .serialized, .tags(.endToEnd))
struct HostileFuzzEndToEndTests {
    /// Cases per kind of input; a few seconds each in CI.
    static let cases = ProcessInfo.processInfo.environment["GIT_DEPLOY_FUZZ_CASES"].flatMap { Int($0) } ?? 10

    @Test("crafted commits (dates, time zones, headers, trailers): only documented exit codes")
    func commits() throws {
        try Fuzz.run(kind: 1) { fuzz, random in
            let message = fuzz.hostileMessage(&random)
            let commit = try fuzz.hashObject(type: "commit", Data(fuzz.hostileCommitHeader(&random).utf8) + message)
            try fuzz.pointMain(at: commit)
            return [["explain"], ["explain", "--format", "json"], ["explain", "prod"], ["status"]]
        }
    }

    @Test("crafted trees (modes, names, missing and repeated ids, bombs): only documented exit codes")
    func trees() throws {
        try Fuzz.run(kind: 2) { fuzz, random in
            let tree = random.next() % 5 == 0 ? try fuzz.treeBomb(&random) : try fuzz.hostileTree(&random)
            let commit = try fuzz.repo.git(["commit-tree", tree, "-p", "HEAD", "-m", "feat: hostile tree"])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            try fuzz.pointMain(at: commit)
            return [["explain", "--format", "json"], ["explain", "--range", "HEAD~1..HEAD"], ["explain", "prod"]]
        }
    }

    @Test("mutated deployment notes: history, status and the promotion gate exit only with documented codes")
    func notes() throws {
        try Fuzz.run(kind: 3) { fuzz, random in
            let file = fuzz.sandbox.url("note-\(random.next() % 1000)")
            var note = Fuzz.validNote(commit: try fuzz.repo.head())
            // A shown field given hostile text, JSON-escaped as a forger would write it.
            let field = random.pick(["environment", "branch", "user", "target", "status", "timestamp", "id", "duration_seconds",
                                     "emergency_reason", "ref", "who", "outcome", "interval_seconds", "reason"])
            let value = random.pick(["\"\\u001b[31mred\"", "\"x\\nfake row\"", "\"x\\r\\u009b2Jy\"", "\"\\u202eevil\"", "1e400",
                                     "-1", "9223372036854775808", "[]", "null", "\"\\u0000\""])
            note = note.replacing(try Regex("\"\(field)\":(\"[^\"]*\"|[0-9]+)"), with: "\"\(field)\":\(value)")
            let bytes = random.next() % 3 == 0 ? fuzz.mutate(Data(note.utf8), &random) : Data(note.utf8)
            try bytes.write(to: file)
            try fuzz.repo.git(["notes", "--ref=deployments", "add", "-f", "-F", file.path, "HEAD"])
            return [["history"], ["history", "--format", "json"], ["status"], ["status", "--watch"], ["explain", "prod"]]
        }
    }

    @Test("mutated and symlinked .deploy.yml and .release_config: only documented exit codes, no secret shown")
    func configurationFiles() throws {
        try Fuzz.run(kind: 4) { fuzz, random in
            let hostile = random.pick([".deploy.yml", ".release_config", "config/staging.yml"])
            try fuzz.repo.write([".deploy.yml": Fuzz.validConfiguration, ".release_config": Fuzz.validReleaseConfig,
                                 "config/base.yml": "a: 1\n", "config/staging.yml": "a: 2\n"])
            for name in [hostile] {
                let url = fuzz.repo.directory.appendingPathComponent(name)
                try? FileManager.default.removeItem(at: url)
                switch random.next() % 4 {
                case 0: try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: fuzz.secretFile.path)
                case 1: try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: "/proc/self/environ")
                default:
                    let valid = [".deploy.yml": Fuzz.validConfiguration, ".release_config": Fuzz.validReleaseConfig][name] ?? "a: {b: [1, 2]}\n"
                    try fuzz.mutate(Data(valid.utf8), &random).write(to: url)
                }
            }
            if random.next() % 2 == 0 {  // half the time from the commit's tree rather than the work tree
                try fuzz.repo.git("add", "-A")
                try fuzz.repo.git(["commit", "-q", "--allow-empty", "-m", "chore: hostile files"])
            }
            return [["explain"], ["explain", "--format", "json"], ["config"], ["explain", "prod"], ["deploy", "staging", "--dry-run"]]
        }
    }
}

/// One sandbox repository and the means to make hostile objects and files in it.
struct Fuzz {
    /// The exit codes of the read-only commands the cases run (README "Exit codes"): routed, bad
    /// input, blocked. A signal, an internal fault (1) or a time-out (124) is a failure.
    static let documentedExitCodes: Set<Int32> = [0, 2, 3]
    /// Longer than any honest run here; a case that takes it is a hang.
    static let secondsPerRun = "30"

    let sandbox: Sandbox
    let repo: TestRepository
    /// A file outside the work tree, and an environment variable, holding text no output may show.
    let secret: String
    let secretFile: URL

    /// Runs `cases` seeded cases of one kind, each in a fresh repository. `makeCase` builds the
    /// hostile input and returns the git-deploy commands to run against it.
    static func run(kind: UInt64, _ makeCase: (Fuzz, inout SeededRandom) throws -> [[String]]) throws {
        for index in 0..<HostileFuzzEndToEndTests.cases {
            let seed = kind << 32 | UInt64(index)
            var random = SeededRandom(seed: seed)
            let fuzz = try Fuzz()
            let commands: [[String]]
            do {
                commands = try makeCase(fuzz, &random)
            } catch {
                // git itself refused to store this input: nothing to hand git-deploy.
                continue
            }
            for arguments in commands {
                try fuzz.check(arguments, seed: seed)
            }
        }
    }

    init() throws {
        sandbox = try Sandbox("git-deploy-fuzz")
        repo = try sandbox.repository()
        secret = "FUZZSECRET-\(UUID().uuidString.prefix(8))"
        secretFile = sandbox.url("credentials")
        try Data("https://ci:\(secret)@example.com\n".utf8).write(to: secretFile)
        try repo.commit("chore: initial commit", files: ["README.md": "hello\n", "k8s/app.yaml": "kind: Deployment\n",
                                                          "db/migrations/001.sql": "create table t();\n"])
        try repo.git("tag", "-a", "v1.0.0", "-m", "v1.0.0")
        try repo.commit("feat: second", files: ["services/api/main.go": "package main\n"])
    }

    /// Runs `git-deploy ARGS` under a time limit and checks the property.
    func check(_ arguments: [String], seed: UInt64) throws {
        let result = try Runner.run("/usr/bin/timeout", ["-s", "KILL", Self.secondsPerRun, GitDeployBinary.path] + arguments,
                                    in: repo.directory, environment: Runner.environment(["FUZZ_TOKEN": secret]))
        let replay = "seed \(seed), git-deploy \(arguments.joined(separator: " ")): exit \(result.status)\n\(result.stderr.prefix(600))"
        #expect(Self.documentedExitCodes.contains(result.status), "\(replay)")
        #expect(!result.output.contains(secret), "secret shown: \(replay)")
        // Text that followed a line break in an input never starts a line of output (a faked row).
        #expect(!result.output.split(separator: "\n").contains { $0.hasPrefix("fake row") }, "faked line: \(replay)")
        if !arguments.contains("json") {
            #expect(!Self.hasTerminalControl(result.output), "raw control character: \(replay)")
        } else if result.status == 0 {
            #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil, "not JSON: \(replay)")
        }
    }

    /// A byte a terminal acts on: C0 controls but tab and line feed, DEL, and the C1 controls.
    static func hasTerminalControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
        }
    }

    // MARK: objects

    /// Stores `data` as an object of `type` without Git's checks, as a hostile pusher could.
    func hashObject(type: String, _ data: Data) throws -> String {
        let result = try Runner.runData(TestRepository.gitExecutable, ["hash-object", "-t", type, "--literally", "-w", "--stdin"],
                                        in: repo.directory, environment: Runner.environment(), stdin: data)
        guard result.status == 0 else { throw Refused(command: "git hash-object -t \(type)") }
        return String(decoding: result.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Points `main` at `commit`; where `git update-ref` refuses the commit (bad parents), the ref
    /// file is written directly, as a damaged or hand-edited repository would have it.
    func pointMain(at commit: String) throws {
        guard (try repo.tryGit(["update-ref", "refs/heads/main", commit])).status != 0 else { return }
        try Data("\(commit)\n".utf8).write(to: repo.directory.appendingPathComponent(".git/refs/heads/main"))
    }

    static let hostileTimes = ["9223372036854775807", "9223372036854775807", "4102444800", "0", "-1", "1767225600", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                               "18446744073709551615", "99999999999999999999999999999", "1e10", "", "abc", "0x10", "+5"]
    static let hostileZones = ["+0000", "+0000", "-0700", "+9999", "-9999", "+2400", "+", "", "0000", "+00000000000", "Z", "+0a00"]

    func hostileCommitHeader(_ random: inout SeededRandom) throws -> String {
        let tree = try repo.revParse("HEAD^{tree}")
        let head = try repo.head()
        var lines = ["tree \(random.next() % 10 == 0 ? String(repeating: "0", count: 40) : tree)"]
        for _ in 0..<Int(random.next() % 3) {
            lines.append("parent " + random.pick([head, head, head, head, String(repeating: "f", count: 40), "\(head.prefix(20))", "not-an-id"]))
        }
        for role in ["author", "committer"] where random.next() % 12 != 0 {
            // Mostly well-formed around one hostile field, so that the parser reaches the time.
            let name = random.pick(["Ann", "Ann", "Ann", "", "A <b> c", "\u{1B}]8;;http://x\u{7}link\u{1B}]8;;\u{7}", "Ann\u{1B}[31m"])
            let email = random.pick(["<ann@example.com>", "<ann@example.com>", "<ann@example.com>", "<ann@example.com>", "<>",
                                     "<unterminated", "<a\u{0}b>"])
            lines.append("\(role) \(name) \(email) \(random.pick(Self.hostileTimes)) \(random.pick(Self.hostileZones))")
        }
        if random.next() % 4 == 0 { lines.append(random.pick(["encoding ISO-8859-1", "encoding nonsense", "gpgsig -----BEGIN PGP SIGNATURE-----\n garbage\n -----END PGP SIGNATURE-----", "mergetag object \(head)"])) }
        return lines.joined(separator: "\n") + "\n\n"
    }

    func hostileMessage(_ random: inout SeededRandom) -> Data {
        var text = random.pick(["feat!: drop the old API", "fix: \u{1B}[2J\u{1B}[31mred", "chore: x\r\n\r\nfaked line", "",
                                "feat(api): \u{9B}31m", "refactor: \u{202E}txt.exe"])
        text += "\n\n" + random.pick(["BREAKING CHANGE: gone", "* BREAKING CHANGE: bulleted", "", "body\u{0}with NUL"])
        let words = ["--emergency", "--rollback", "--pipeline", "--multi-service", "--database-migration", "$(touch pwned)", "\u{1B}[1m"]
        if random.next() % 2 == 0 {
            text += "\n\nDeploy-Options: " + (0..<Int(random.next() % 4 + 1)).map { _ in random.pick(words) }.joined(separator: ", ")
        }
        var data = Data((text + "\n").utf8)
        if random.next() % 5 == 0 { data.append(contentsOf: (0..<64).map { _ in UInt8(truncatingIfNeeded: random.next()) }) }
        return data
    }

    /// A tree object written byte by byte: any mode, any name, any id, in any order.
    func hostileTree(_ random: inout SeededRandom) throws -> String {
        let blob = try hashObject(type: "blob", Data("x\n".utf8))
        let headTree = try repo.revParse("HEAD^{tree}")
        let modes = ["100644", "100755", "40000", "120000", "160000", "644", "0", "1000000644", "", "40000 40000"]
        let names = [".deploy.yml", ".release_config", "migrations", "k8s", "Dockerfile", "a/b", "", ".", "..", ".git",
                     String(repeating: "n", count: 5000), "x\u{1B}[31m", "services", "0001.sql", "\u{0}"]
        let ids = [blob, blob, headTree, String(repeating: "ab", count: 20), String(repeating: "0", count: 40)]
        // Mostly well-formed entries, so that the reader gets past the first one; one part hostile.
        var entries: [(mode: String, name: String, id: String)] = [("100644", "README.md", blob), ("40000", "k8s", headTree),
                                                                   ("100644", "db.sql", blob)]
        switch random.next() % 4 {
        case 0: entries.append((random.pick(modes), "z-entry", blob))
        case 1: entries.append(("100644", random.pick(names), random.pick(ids)))
        case 2: entries.append((random.pick(["40000", "160000", "120000"]), "z-entry", random.pick(ids)))
        default: entries.append(("40000", random.pick(["migrations", "services", "z"]), headTree))
        }
        var data = Self.treeEntries(entries)
        if random.next() % 6 == 0 { data.append(contentsOf: "100644 truncated".utf8) }
        return try hashObject(type: "tree", data)
    }

    /// Ten entries per level, every one the level below: tiny to store, 10^depth paths to expand.
    func treeBomb(_ random: inout SeededRandom) throws -> String {
        // Names that imply no option, so that nothing ends the diff early.
        let blob = try repo.revParse("HEAD:README.md")
        var tree = try hashObject(type: "tree", Self.treeEntries((0..<10).map { ("100644", "f\($0).txt", blob) }))
        for _ in 0..<Int(5 + random.next() % 4) {
            tree = try hashObject(type: "tree", Self.treeEntries((0..<10).map { ("40000", "d\($0)", tree) }))
        }
        return tree
    }

    static func treeEntries(_ entries: [(mode: String, name: String, id: String)]) -> Data {
        var data = Data()
        for entry in entries.sorted(by: { $0.name < $1.name }) {
            data.append(contentsOf: "\(entry.mode) \(entry.name)".utf8)
            data.append(0)
            data.append(contentsOf: bytes(hex: entry.id))
        }
        return data
    }

    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).map { index in
            UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) ?? 0
        }
    }

    // MARK: files

    static func validNote(commit: String) -> String {
        """
        {"schema":1,"id":"deploy-20260101-000000-abcdef0-1234","environment":"staging","commit":"\(commit)",\
        "status":"succeeded","timestamp":"2026-01-01T00:00:00Z","target":"release-workflow","branch":"main",\
        "duration_seconds":12,"user":"Ann <ann@example.com>","rule":3,"emergency_reason":"db outage",\
        "backups":[{"kind":"database","result":"pass","ref":"dump-1"}],"lock_takeover":{"who":"Bob","since":"2026-01-01T00:00:00Z"},\
        "monitor":{"outcome":"passed","mode":"detach","duration_seconds":60,"interval_seconds":30,"rounds":2,"reason":"ok"}}
        """
    }

    static let validConfiguration = """
        environments:
          prod:
            require-promotion-from: staging
            freeze:
              - {from: "2026-12-24T00:00:00Z", to: "2026-12-27T00:00:00Z"}
              - {start: "0 18 * * 5", end: "0 8 * * 1", timezone: Europe/Berlin}
            allow: [{branch: "release/*"}, {tag: semver}]
            auto-dispatch: confirmed
            readiness: {platform: false, probes: [{name: db-up, tcp: "127.0.0.1:9"}]}
            backup: {database: ["true"], state: {run: ["true"], when: [k8s]}}
          qa:
            safety: medium
            aliases: [quality]
        refs:
          - tag: "deploy-*"
            environment: qa
            options: [--multi-service]
        routes:
          - key: "qa,*,*"
            target: qa-lab
        targets:
          qa-lab:
            run: ["true"]
            timeout: 10m
        inference:
          max-commits: 100
        verify:
          staging:
            probes:
              - {name: health, http: {url: "http://127.0.0.1:9/healthz", status: 200}, timeout: 2, period: 1}
              - {name: db, tcp: "127.0.0.1:9", failure-threshold: 3}
            monitor: {duration: 10m, interval: 30s}
        monitor:
          run: ["true"]
        locks:
          remote: origin
          timeout: 2h

        """

    static let validReleaseConfig = "RELEASE_VERSION=1.2.0\nRELEASE_MANAGER=ops\nRELEASE_MODE=new\n"

    /// Byte flips, hostile snippets, edge numbers, anchors and deep nesting spliced into `data`.
    func mutate(_ data: Data, _ random: inout SeededRandom) -> Data {
        var bytes = Array(data)
        let snippets = ["\u{1B}[31m", "\u{1B}]8;;http://x\u{7}", "\u{0}", "\r", "\n", "'", "\"", "$(touch pwned)", "~root",
                        "1e19", "1e300", "-1", "99999", "9223372036854775808", ".nan", ".inf", "&a [1, 2]", "*a", "<<: *a",
                        "!!binary aGk=", "%YAML 1.1\n", "\u{FEFF}", "? [a]: b", "\u{202E}",
                        String(repeating: "[", count: 3000), String(repeating: "- ", count: 2000),
                        String(repeating: "{a: ", count: 500)]
        let values = ["\"\\u001b[31mred\"", "\"x\\nfake row\"", "\"\\u009b2J\"", "1e400", "-1", "1e19", "1e300", "99999",
                      "9223372036854775808", "\"~root\"", "\"$(touch pwned)\"", "https://127.0.0.1:99999/x", "\".\"", "\"..\"",
                      "[]", "{}", "null", "7fffffffffffffff"]
        for _ in 0..<Int(1 + random.next() % 3) {
            let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count + 1))
            let colons = bytes.indices.filter { bytes[$0] == UInt8(ascii: ":") || bytes[$0] == UInt8(ascii: "=") }
            if !colons.isEmpty, random.next() % 2 == 0 {
                // A value replaced: the structure holds, so the parser hands it on to validation.
                let start = colons[Int(random.next() % UInt64(colons.count))] + 1
                let end = bytes[start...].firstIndex { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") } ?? bytes.count
                bytes.replaceSubrange(start..<end, with: Array((" " + random.pick(values)).utf8))
                continue
            }
            switch random.next() % 4 {
            case 0 where !bytes.isEmpty:
                bytes[min(position, bytes.count - 1)] = UInt8(truncatingIfNeeded: random.next())
            case 1:
                bytes.insert(contentsOf: Array(random.pick(snippets).utf8), at: position)
            case 2 where !bytes.isEmpty:
                bytes.removeSubrange(position..<min(bytes.count, position + Int(random.next() % 40)))
            default:
                let line = Array("x".utf8) + bytes[..<position].suffix(30)
                bytes.insert(contentsOf: line, at: position)
            }
        }
        return Data(bytes)
    }
}

/// git itself would not store the input.
struct Refused: Error {
    let command: String
}

extension SeededRandom {
    mutating func pick<Value>(_ values: [Value]) -> Value {
        values[Int(next() % UInt64(values.count))]
    }
}
