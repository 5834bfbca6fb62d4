import Foundation
import Testing
import TestSupport

/// A repository with a history whose four keys are worked out by hand (README "Report"), in the
/// week from 2026-01-01: prod deploys c1 (00:15, the first: no lead time), the merge m (03:00:
/// reaches c2 at 01:00, s1 at 00:30 through the merge, m at 02:00), c3 fails (04:00) and then
/// succeeds (05:00: reaches c3 at 03:30). Staging has one success of a commit recorded in another
/// clone (not in this repository).
/// prod: 4 deployments, 3 successful, lead times 1, 1.5, 2, 2.5 h (median 1.75 h, p90 2.5 h),
/// change failure rate 1/4, time to restore 1 h. Overall: 5 deployments, 4 successful, failure rate 1/5.
struct KnownHistory {
    let sandbox: Sandbox
    let repo: TestRepository
    static let window = ["--since", "2026-01-01", "--until", "2026-01-07"]

    init() throws {
        sandbox = try Sandbox()
        repo = try sandbox.repository()
        let c1 = try commit("c1", at: "2026-01-01T00:00:00Z")
        try repo.git("checkout", "-q", "-b", "side")
        let s1 = try commit("s1", at: "2026-01-01T00:30:00Z")
        try repo.git("checkout", "-q", "main")
        _ = try commit("c2", at: "2026-01-01T01:00:00Z")
        try repo.git(["merge", "-q", "--no-ff", "-m", "merge side", "side"], environment: Self.dates("2026-01-01T02:00:00Z"))
        let merge = try repo.head()
        let c3 = try commit("c3", at: "2026-01-01T03:30:00Z")
        _ = s1
        try note(c1, [entry("d1", "prod", c1, "succeeded", "2026-01-01T00:15:00Z")])
        try note(merge, [entry("d2", "prod", merge, "succeeded", "2026-01-01T03:00:00Z")])
        try note(c3, [entry("d3", "prod", c3, "failed", "2026-01-01T04:00:00Z"),
                      entry("d4", "prod", c3, "succeeded", "2026-01-01T05:00:00Z")])
        // From another clone: the commit is not here, only the note (on c1) that names it.
        let elsewhere = String(repeating: "ab", count: 20)
        try note(c1, [entry("d1", "prod", c1, "succeeded", "2026-01-01T00:15:00Z"),
                      entry("x1", "staging", elsewhere, "succeeded", "2026-01-01T01:00:00Z")])
    }

    static func dates(_ date: String) -> [String: String] { ["GIT_COMMITTER_DATE": date, "GIT_AUTHOR_DATE": date] }

    private func commit(_ name: String, at date: String) throws -> String {
        try repo.write(["\(name).txt": name])
        try repo.git("add", "-A")
        try repo.git(["commit", "-q", "-m", name], environment: Self.dates(date))
        return try repo.head()
    }

    private func entry(_ id: String, _ environment: String, _ commit: String, _ status: String, _ timestamp: String) -> String {
        """
        {"schema":1,"id":"\(id)","environment":"\(environment)","commit":"\(commit)","branch":"main","tag":null,\
        "status":"\(status)","timestamp":"\(timestamp)","options":[],"user":"Test Deployer <deployer@example.com>"}
        """
    }

    private func note(_ commit: String, _ entries: [String]) throws {
        try repo.git("notes", "--ref", "deployments", "add", "-f", "-m", "[" + entries.joined(separator: ",\n") + "]", commit)
    }

    func report(_ arguments: [String]) throws -> ProcessResult {
        try GitDeployBinary.run(["report"] + arguments + Self.window, in: repo.directory)
    }
}

@Suite("report: DORA's four keys of a known history, end to end", .tags(.endToEnd))
struct ReportEndToEndTests {
    @Test("--format json: the hand-computed keys per environment and overall, null where unknown")
    func json() throws {
        let history = try KnownHistory()
        let result = try history.report(["--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try GitDeployBinary.json(result)
        #expect(json["schema"] as? Int == 1)
        let window = try #require(json["window"] as? [String: Any])
        #expect(window["since"] as? String == "2026-01-01T00:00:00.000Z")
        #expect(window["until"] as? String == "2026-01-08T00:00:00.000Z")   // a day given to --until is included
        let environments = try #require(json["environments"] as? [String: [String: Any]])
        let prod = try #require(environments["prod"])
        #expect(prod["deployments"] as? Int == 4)
        #expect(prod["successful"] as? Int == 3)
        #expect(prod["deployment_frequency_per_day"] as? Double == 3.0 / 7)
        let lead = try #require(prod["lead_time_seconds"] as? [String: Any])
        #expect(lead["median"] as? Double == 6300)
        #expect(lead["p90"] as? Double == 9000)
        #expect(lead["commits"] as? Int == 4)
        #expect(prod["change_failure_rate"] as? Double == 0.25)
        #expect((prod["time_to_restore_seconds"] as? [String: Any])?["median"] as? Double == 3600)
        #expect(prod["bands"] as? [String: String] == ["deployment_frequency": "high", "lead_time": "high",
                                                       "change_failure_rate": "high", "time_to_restore": "high"])
        // Nothing before the window: trends are unknown, not "better".
        #expect((prod["trend"] as? [String: Any])?.values.allSatisfy { $0 is NSNull } == true)

        let staging = try #require(environments["staging"])
        #expect(staging["successful"] as? Int == 1)
        let stagingLead = try #require(staging["lead_time_seconds"] as? [String: Any])
        #expect(stagingLead["median"] is NSNull)
        #expect(stagingLead["deployments_with_missing_commit"] as? Int == 1)
        #expect((staging["time_to_restore_seconds"] as? [String: Any])?["median"] is NSNull)
        #expect(result.stderr.contains("1 successful deployment(s) name a commit this repository does not have"))

        let overall = try #require(json["overall"] as? [String: Any])
        #expect(overall["deployments"] as? Int == 5)
        #expect(overall["change_failure_rate"] as? Double == 0.2)
        #expect(overall["deployment_frequency_per_day"] as? Double == 4.0 / 7)
    }

    @Test("text: one row per environment and one for all, each key with its band")
    func text() throws {
        let history = try KnownHistory()
        let result = try history.report(["prod"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Deployments from 2026-01-01 00:00 to 2026-01-08 00:00 UTC (7 days)"))
        let row = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("prod") })
        #expect(row.contains("3.0/week high"))
        #expect(row.contains("1.8 h (p90 2.5 h) high"))
        #expect(row.contains("25% high"))
        #expect(row.contains("1.0 h high"))
        #expect(!result.stdout.contains("\nall "))   // one environment asked for: no overall row
    }

    @Test("history --metrics is an alias of report")
    func historyMetricsAlias() throws {
        let history = try KnownHistory()
        let alias = try GitDeployBinary.run(["history", "--metrics", "--format", "json"] + KnownHistory.window, in: history.repo.directory)
        let report = try history.report(["--format", "json"])
        #expect(alias.status == 0, "\(alias.stderr)")
        #expect(alias.stdout == report.stdout)
    }

    @Test("a window that cannot be read is a usage error naming the option")
    func badWindow() throws {
        let history = try KnownHistory()
        for (arguments, message) in [(["--since", "yesterday"], "--since yesterday"), (["--since", "2026-02-01", "--until", "2026-01-01"], "--since must be before --until")] {
            let result = try GitDeployBinary.run(["report"] + arguments, in: history.repo.directory)
            #expect(result.status == 64)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }
    }

    @Test("-o FILE writes the report there and nothing to standard output; an unknown environment is bad input")
    func outputFileAndUnknownEnvironment() throws {
        let history = try KnownHistory()
        let path = history.sandbox.url("report.json").path
        let result = try history.report(["--format", "json", "-o", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("{\"schema\":1,"))
        let unknown = try history.report(["nowhere"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("nowhere"))
    }
}

@Suite("status: DORA's four keys of the last 30 days, one line per environment", .tags(.endToEnd))
struct ReportStatusEndToEndTests {
    @Test("status shows each environment's four keys with their bands, and the JSON carries them")
    func statusLine() throws {
        let sandbox = try Sandbox()
        let repo = try sandbox.repository()
        try repo.commit("chore: first")
        #expect(try GitDeployBinary.run(["record", "staging", "--status", "succeeded"], in: repo.directory).status == 0)
        try repo.commit("feat: two")
        #expect(try GitDeployBinary.run(["record", "staging", "--status", "failed"], in: repo.directory).status == 0)
        let text = try GitDeployBinary.run(["status"], in: repo.directory)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Last 30 days (git deploy report for more):\nstaging  deploys 1.0/month (medium) · lead time – · change failure 50% (low) · restore –\n"),
                "\(text.stdout)")
        let json = try GitDeployBinary.json(try GitDeployBinary.run(["status", "--format", "json"], in: repo.directory))
        let dora = try #require(json["dora_last_30_days"] as? [String: Any])
        #expect((dora["environments"] as? [String: [String: Any]])?["staging"]?["change_failure_rate"] as? Double == 0.5)
    }
}
