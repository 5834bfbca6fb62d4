import Foundation
import GitRepository
import Testing
@testable import DeployKit

@Suite("history entry schema", .tags(.fast))
struct DeploymentRecordTests {
    @Test("a new entry has every field of the schema, in the documented order")
    func schemaFields() throws {
        let entry = RecordFixtures.entry("deploy-1", duration: 12.5)
        #expect(entry.fields.map(\.0) == [
            "schema", "id", "environment", "commit", "branch", "tag", "target", "routing_key", "rule", "options",
            "complexity", "platform", "mode", "status", "timestamp", "duration_seconds", "user", "previous_commit",
            "gates", "probes",
        ])
        #expect(entry["schema"] == .int(1))
        #expect(entry.timestamp == "2026-05-28T20:26:40.000Z")
        #expect(entry.durationSeconds == 12.5)
        #expect(entry["tag"] == .null)
    }

    @Test("an entry survives serialising and parsing unchanged")
    func roundTrip() throws {
        let entry = RecordFixtures.entry("deploy-2", status: .rolledBack, duration: 3)
        let parsed = try JSONParser.parse(Array(entry.json.serialized().utf8))
        #expect(DeploymentRecord(json: parsed) == entry)
    }

    @Test("fields another tool added are kept, in place, when the entry is written back")
    func unknownFieldsPreserved() throws {
        let text = #"{"id":"x1","approved_by":{"name":"Kim"},"environment":"prod","commit":"\#(RecordFixtures.commit.hex)","status":"failed","timestamp":"2026-01-02T03:04:05Z","rule":"seven"}"#
        let entry = try #require(DeploymentRecord(json: try JSONParser.parse(Array(text.utf8))))
        #expect(entry.json.serialized() == text)
        #expect(entry.rule == nil)  // a wrong type is kept as written, not read
        #expect(entry.date == Date(timeIntervalSince1970: 1_767_323_045))
    }

    @Test("objects that are not entries are refused", arguments: [
        #"{"environment":"prod","commit":"\#(String(repeating: "a", count: 40))","status":"succeeded","timestamp":"t"}"#,
        #"{"id":"","environment":"prod","commit":"\#(String(repeating: "a", count: 40))","status":"succeeded","timestamp":"t"}"#,
        #"{"id":"x","environment":"prod","commit":"abc","status":"succeeded","timestamp":"t"}"#,
        #"{"id":"x","environment":"prod","commit":"\#(String(repeating: "a", count: 40))","status":"done","timestamp":"t"}"#,
        #"{"id":"x","environment":"prod","commit":"\#(String(repeating: "a", count: 40))","status":"succeeded"}"#,
        #"["id"]"#,
    ])
    func notEntries(text: String) throws {
        #expect(DeploymentRecord(json: try JSONParser.parse(Array(text.utf8))) == nil)
    }

    @Test("validation passes unless the deployment or a gate or probe failed")
    func validation() {
        var draft = DeploymentRecord.Draft(id: "v", environment: "prod", commit: RecordFixtures.commit, status: .succeeded, date: RecordFixtures.epoch)
        #expect(DeploymentRecord(draft).validationPassed)
        draft.gates = [.object([("name", .string("freeze")), ("result", .string("warn"))])]
        #expect(DeploymentRecord(draft).validationPassed)
        draft.probes = [.object([("name", .string("health")), ("result", .string("fail"))])]
        #expect(!DeploymentRecord(draft).validationPassed)
    }

    @Test("generated ids follow deploy-YYYYMMDD-HHMMSS-<7 hex>-<4 hex>")
    func generatedIDs() {
        let id = DeploymentID.make(commit: RecordFixtures.commit, date: RecordFixtures.epoch)
        #expect(id.hasPrefix("deploy-20260528-202640-ababab-") == false)
        #expect(id.hasPrefix("deploy-20260528-202640-abababa-"))
        #expect(id.count == "deploy-20260528-202640-abababa-0000".count)
        #expect(DeploymentID.isValid(id))
        for bad in ["", "-x", ".hidden", "a/b", "a b", String(repeating: "a", count: 129)] {
            #expect(!DeploymentID.isValid(bad), "\(bad)")
        }
    }

    @Test("metrics files carry the seed's fields plus gates and probes")
    func metricsFields() {
        let json = MetricsFile.json(for: RecordFixtures.entry("m1", status: .failed, duration: 9))
        guard case .object(let members) = json else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["deployment_id", "environment", "deployment_type", "duration_seconds", "timestamp", "commit",
                                     "branch", "status", "routing_target", "validation_passed", "rollback_required", "gates", "probes"])
        #expect(json["validation_passed"] == .bool(false))
        #expect(json["rollback_required"] == .bool(true))
    }
}
