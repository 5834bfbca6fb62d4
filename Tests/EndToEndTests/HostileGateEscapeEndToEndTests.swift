import Foundation
import Testing
import TestSupport

/// Terminal escape injection (issue 11, item 10): control characters in commit subjects, ref
/// names and notes never reach the terminal raw from explain, the hook lines, history or status;
/// they are shown as visible escapes (`\e`, `\r`, `\n`, `\u{9b}`).
@Suite("hostile input: terminal control characters in commits, refs and notes", .tags(.endToEnd))
struct HostileGateEscapeEndToEndTests {
    static let esc = "\u{1B}"
    /// Red text, an OSC 8 hyperlink, and a carriage return that would overwrite the line.
    static let subject = "feat!: \(esc)[31mred\(esc)]8;;http://evil.example/\u{07}click\(esc)]8;;\u{07}\rfake"
    static let message = subject + "\n\nDeploy-Options: --bogus\(esc)[2J\n"
    /// A one-byte CSI (C1) and a right-to-left override: Git allows both in ref names.
    static let branch = "release/\u{9B}31m\u{202E}gnp"
    static let tag = "x\u{9B}2J"

    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
        try repo.git(["checkout", "-q", "-b", Self.branch])
        try repo.commit(Self.message, files: ["src/a.txt": "a\n"])
        try repo.git(["tag", Self.tag])
    }

    /// Every character a terminal would act on, except the line breaks of our own output.
    func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter { scalar in
            scalar != "\n" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                || [0x061C, 0x200E, 0x200F].contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                || (0x2066...0x2069).contains(scalar.value))
        }.map { String(format: "U+%04X", $0.value) }
    }

    func expectNoRawControls(_ result: ProcessResult, _ what: String) {
        #expect(rawControls(result.stdout).isEmpty, "\(what) stdout: \(rawControls(result.stdout)) in \(result.stdout.debugDescription)")
        #expect(rawControls(result.stderr).isEmpty, "\(what) stderr: \(rawControls(result.stderr)) in \(result.stderr.debugDescription)")
    }

    @Test("explain: the subject, the trailer word, the branch and the tag are shown escaped")
    func explainEscapes() throws {
        let result = try GitDeployBinary.run(["explain"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        expectNoRawControls(result, "explain")
        #expect(result.stdout.contains(#"feat!: \e[31mred\e]8;;http://evil.example/\u{7}click\e]8;;\u{7}\rfake"#), "\(result.stdout)")
        #expect(result.stdout.contains(#"Deploy-Options names unknown option '--bogus\e[2J'"#), "\(result.stdout)")
        #expect(result.stdout.contains(#"Branch:       release/\u{9b}31m\u{202e}gnp"#), "\(result.stdout)")
        #expect(result.stdout.contains(#"Tag:          x\u{9b}2J"#), "\(result.stdout)")
        // JSON keeps the exact text, with the controls as JSON escapes.
        let json = try GitDeployBinary.run(["explain", "--format", "json"], in: repo.directory)
        expectNoRawControls(json, "explain --format json")
        #expect(try GitDeployBinary.json(json)["branch"] as? String == Self.branch)
    }

    @Test("pre-push (real git push): the routed ref's line and the warning quoting the subject are escaped")
    func hookLinesEscape() throws {
        let remote = try sandbox.repository("remote.git", bare: true)
        try repo.git("remote", "add", "origin", remote.path)
        #expect(try GitDeployBinary.run(["install"], in: repo.directory).status == 0)
        // -q: Git's own report of the pushed ref is Git's business; git-deploy's lines are asserted.
        let result = try repo.tryGit(["push", "-q", "origin", Self.branch], environment: GitDeployBinary.hookEnvironment)
        #expect(result.status == 0, "\(result.stderr)")
        expectNoRawControls(result, "pre-push")
        #expect(result.stderr.contains(#"git-deploy: refs/heads/release/\u{9b}31m\u{202e}gnp → staging"#), "\(result.stderr)")
        #expect(result.stderr.contains(#"\e[31mred"#) && result.stderr.contains(#"'--bogus\e[2J'"#), "\(result.stderr)")
    }

    /// A note written by someone who can push refs/notes/deployments: controls in every text field,
    /// a newline in the id that would fake a second history row, and a foreign element whose
    /// status is quoted in a warning.
    func plantHostileNote() throws {
        let commit = try repo.head()
        let note = """
            [{"id":"deploy-1\\n2026-01-01 00:00:00  prod  succeeded  \(commit.prefix(7))  fake","environment":"staging",\
            "commit":"\(commit)","status":"succeeded","timestamp":"2026-01-01T00:00:00Z",\
            "target":"t\\u009b2J","branch":"b\\u001b]8;;http://evil.example/\\u0007x\\r"},
             {"id":"z","environment":"staging","commit":"\(commit)","status":"ok\\u001b[2J","timestamp":"2026-01-01T00:00:00Z"}]
            """
        try repo.write(["note.json": note])
        try repo.git("notes", "--ref", "deployments", "add", "-F", "note.json", commit)
        try FileManager.default.removeItem(at: repo.directory.appendingPathComponent("note.json"))
    }

    @Test("history: a newline in a note cannot fake a row, and escape bytes are shown escaped")
    func historyEscapes() throws {
        try plantHostileNote()
        let result = try GitDeployBinary.run(["history"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        expectNoRawControls(result, "history")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2, "a header and one row: \(result.stdout)")
        #expect(result.stdout.contains(#"deploy-1\n2026-01-01"#), "\(result.stdout)")
        #expect(result.stdout.contains(#"t\u{9b}2J"#), "\(result.stdout)")
        #expect(result.stderr.contains(#"unknown status 'ok\e[2J'"#), "\(result.stderr)")
    }

    @Test("status: the branch at HEAD and the warnings about the note are escaped")
    func statusEscapes() throws {
        try plantHostileNote()
        let result = try GitDeployBinary.run(["status"], in: repo.directory)
        #expect(result.status == 0, "\(result.stderr)")
        expectNoRawControls(result, "status")
        #expect(result.stdout.contains(#"HEAD: release/\u{9b}31m\u{202e}gnp at "#), "\(result.stdout)")
        #expect(result.stderr.contains(#"unknown status 'ok\e[2J'"#), "\(result.stderr)")
    }
}
