import Foundation
import Testing
import TestSupport

/// `git deploy record` and `git deploy history` driven as a CI job and a person would.
@Suite("record and history, end to end", .tags(.endToEnd))
struct HistoryEndToEndTests {
    let sandbox: Sandbox
    let repo: TestRepository

    init() throws {
        (sandbox, repo) = try Sandbox.withInitialCommit()
    }

    func record(_ arguments: [String], in repo: TestRepository? = nil) throws -> [String: Any] {
        let result = try GitDeployBinary.run(["record"] + arguments + ["--format", "json"], in: (repo ?? self.repo).directory)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try GitDeployBinary.json(result)
    }

    func history(_ arguments: [String] = [], in repo: TestRepository? = nil) throws -> [[String: Any]] {
        let result = try GitDeployBinary.run(["history", "--format", "json"] + arguments, in: (repo ?? self.repo).directory)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test("history on a repository with no notes is an empty array, exit 0")
    func emptyHistory() throws {
        let result = try GitDeployBinary.run(["history", "--format", "json"], in: repo.directory)
        #expect(result.status == 0)
        #expect(result.stdout == "[]\n")
        #expect(result.stderr.isEmpty)
        let text = try GitDeployBinary.run(["history"], in: repo.directory)
        #expect(text.status == 0)
        #expect(text.stdout.contains("No deployments recorded"))
    }

    @Test("three deployments to two environments read back newest first, filtered by environment")
    func threeDeployments() throws {
        let first = try repo.head()
        let a = try record(["staging", "--status", "succeeded", "--duration", "12"])
        let second = try repo.commit("feat: second")
        let b = try record(["prod", "--status", "failed"])
        let c = try record(["production", "--status", "succeeded", "--commit", first, "--target", "release-workflow"])

        let entries = try history()
        #expect(entries.compactMap { $0["id"] as? String } == [c, b, a].compactMap { $0["id"] as? String })
        #expect(entries.map { $0["environment"] as? String } == ["prod", "prod", "staging"])
        #expect(entries.map { $0["commit"] as? String } == [first, second, first])
        #expect(entries.map { $0["status"] as? String } == ["succeeded", "failed", "succeeded"])
        for key in ["id", "environment", "commit", "branch", "tag", "target", "routing_key", "rule", "options", "complexity",
                    "platform", "status", "timestamp", "duration_seconds", "user", "previous_commit", "gates", "probes"] {
            #expect(entries.allSatisfy { $0.keys.contains(key) }, "missing \(key)")
        }
        #expect(a["target"] as? String == "direct-deployment")
        #expect(a["routing_key"] as? String == "staging,simple,standard")
        #expect(a["duration_seconds"] as? Double == 12)
        #expect(a["user"] as? String == "Test Committer <committer@example.com>")
        #expect((a["timestamp"] as? String)?.hasSuffix("Z") == true)
        #expect(b["target"] as? String == "release-workflow")

        #expect(try history(["prod"]).count == 2)
        #expect(try history(["--env", "staging"]).compactMap { $0["id"] as? String } == [a["id"] as? String].compactMap { $0 })
        #expect(try history(["--limit", "1"]).compactMap { $0["id"] as? String } == [c["id"] as? String].compactMap { $0 })

        // Git reads the same notes.
        let note = try repo.git("notes", "--ref", "deployments", "show", first)
        #expect(note.contains(a["id"] as? String ?? "?"))
        #expect(note.contains(c["id"] as? String ?? "?"))
    }

    @Test("record writes a metrics file with the seed's fields")
    func metricsFile() throws {
        let entry = try record(["dev", "--status", "succeeded", "--duration", "4.5"])
        let id = try #require(entry["id"] as? String)
        let metrics = try #require(try JSONSerialization.jsonObject(
            with: Data(try repo.read(".git/deploy/metrics/deployment-metrics-\(id).json").utf8)) as? [String: Any])
        #expect(metrics["deployment_id"] as? String == id)
        #expect(metrics["environment"] as? String == "dev")
        #expect(metrics["deployment_type"] as? String == "traditional")
        #expect(metrics["duration_seconds"] as? Double == 4.5)
        #expect(metrics["routing_target"] as? String == "direct-deployment")
        #expect(metrics["validation_passed"] as? Bool == true)
        #expect(metrics["rollback_required"] as? Bool == false)
        #expect(metrics["gates"] is [Any] && metrics["probes"] is [Any])
    }

    @Test("recording again with the same id updates that entry's status")
    func updateByID() throws {
        _ = try record(["staging", "--status", "dispatched", "--id", "ci-run-42"])
        _ = try record(["staging", "--status", "succeeded", "--id", "ci-run-42", "--duration", "30"])
        let entries = try history()
        #expect(entries.count == 1)
        #expect(entries.first?["status"] as? String == "succeeded")
    }

    @Test("16 concurrent record processes in one repository leave 16 entries")
    func concurrentRecords() throws {
        let results = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let result = try? GitDeployBinary.run(["record", "dev", "--status", "succeeded", "--no-infer", "--id", "parallel-\(index)"],
                                                  in: repo.directory)
            results.append(result?.status ?? -1, result?.stderr ?? "did not run")
        }
        #expect(results.statuses.allSatisfy { $0 == 0 }, "\(results.errors)")
        let ids = Set(try history().compactMap { $0["id"] as? String })
        #expect(ids == Set((0..<16).map { "parallel-\($0)" }))
        #expect(try repo.git("fsck", "--no-dangling").isEmpty)
    }

    @Test("bad input: unknown status or environment, missing environment, hostile id")
    func badInput() throws {
        let status = try GitDeployBinary.run(["record", "staging", "--status", "done"], in: repo.directory)
        #expect(status.status == 64)
        #expect(status.stderr.contains("unknown --status 'done'"))
        let environment = try GitDeployBinary.run(["record", "stagin", "--status", "succeeded"], in: repo.directory)
        #expect(environment.status == 2)
        #expect(environment.stderr.contains("did you mean 'staging'"))
        let missing = try GitDeployBinary.run(["record", "--status", "succeeded"], in: repo.directory)
        #expect(missing.status == 64)
        let id = try GitDeployBinary.run(["record", "dev", "--status", "succeeded", "--id", "../../escape"], in: repo.directory)
        #expect(id.status == 64)
        let commit = try GitDeployBinary.run(["record", "dev", "--status", "succeeded", "--commit", "no-such-ref"], in: repo.directory)
        #expect(commit.status == 2)
        #expect(commit.stderr.contains("no-such-ref"))
        #expect(try history().isEmpty)
        let unknown = try GitDeployBinary.run(["history", "nowhere"], in: repo.directory)
        #expect(unknown.status == 2)
    }

    @Test("a note that is not JSON is skipped with a warning naming the commit, and kept when appending")
    func foreignNote() throws {
        let commit = try repo.head()
        try repo.git("notes", "--ref", "deployments", "add", "-m", "deployed by hand on Friday", commit)
        let read = try GitDeployBinary.run(["history", "--format", "json"], in: repo.directory)
        #expect(read.status == 0)
        #expect(read.stdout == "[]\n")
        #expect(read.stderr.contains("warning: commit \(commit)"))

        let entry = try record(["dev", "--status", "succeeded"])
        let entries = try history()
        #expect(entries.compactMap { $0["id"] as? String } == [entry["id"] as? String].compactMap { $0 })
        let note = try repo.git("notes", "--ref", "deployments", "show", commit)
        #expect(note.contains("deployed by hand on Friday"))
        #expect(note.contains(entry["id"] as? String ?? "?"))
    }

    @Test("JSON of another shape under the ref is skipped with a warning and survives an append")
    func otherToolsJSON() throws {
        let commit = try repo.head()
        try repo.git("notes", "--ref", "deployments", "add", "-m", #"{"tool":"other","build":7}"#, commit)
        let read = try GitDeployBinary.run(["history"], in: repo.directory)
        #expect(read.status == 0)
        #expect(read.stderr.contains("commit \(commit)"))
        _ = try record(["dev", "--status", "succeeded"])
        let note = try repo.git("notes", "--ref", "deployments", "show", commit)
        #expect(note.contains(#"{"tool":"other","build":7}"#))
        #expect(try history().count == 1)
    }

    @Test("explain's option scan starts at the last successful deployment of the environment")
    func scanSinceLastDeployment() throws {
        let deployed = try repo.head()
        _ = try record(["staging", "--status", "succeeded"])
        try repo.commit("feat!: drop the old API")
        let result = try GitDeployBinary.run(["explain", "staging", "--format", "json"], in: repo.directory)
        let scan = try #require(try GitDeployBinary.json(result)["scan"] as? [String: Any])
        #expect(scan["range"] as? String == "\(deployed.prefix(7))..\(try repo.head().prefix(7)) (since the last successful staging deployment)")
        #expect(scan["commits_read"] as? Int == 1)
    }

    @Test("history --metrics: an alias of report (DORA's four keys per environment)")
    func metricsSummary() throws {
        _ = try record(["staging", "--status", "succeeded", "--duration", "10"])
        _ = try record(["staging", "--status", "failed", "--duration", "30"])
        _ = try record(["staging", "--status", "succeeded", "--duration", "20"])
        _ = try record(["dev", "--status", "planned"])
        let result = try GitDeployBinary.run(["history", "--metrics", "--format", "json"], in: repo.directory)
        #expect(result.status == 0)
        let environments = try #require(try GitDeployBinary.json(result)["environments"] as? [String: [String: Any]])
        let staging = try #require(environments["staging"])
        #expect(staging["deployments"] as? Int == 3)
        #expect(abs((staging["change_failure_rate"] as? Double ?? 0) - 1.0 / 3.0) < 1e-9)
        let dev = try #require(environments["dev"])
        #expect(dev["change_failure_rate"] is NSNull)
        #expect(dev["in_progress"] as? Int == 1)
    }
}

/// Collects the outcomes of concurrent runs.
final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var statuses: [Int32] = []
    private(set) var errors: [String] = []

    func append(_ status: Int32, _ error: String) {
        lock.lock()
        defer { lock.unlock() }
        statuses.append(status)
        if status != 0 { errors.append(error) }
    }
}
