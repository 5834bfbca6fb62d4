import Foundation
import GitRepository
@testable import DeployKit

/// Entries for the record tests: a fixed commit and times counted in seconds from a fixed instant.
enum RecordFixtures {
    static let commit = ObjectID(hex: String(repeating: "ab", count: 20))!
    static let otherCommit = ObjectID(hex: String(repeating: "cd", count: 20))!
    static let epoch = Date(timeIntervalSince1970: 1_780_000_000)

    static func entry(_ id: String, _ environment: String = "staging", status: DeploymentStatus = .succeeded,
                      at seconds: Double = 0, commit: ObjectID = commit, duration: Double? = nil) -> DeploymentRecord {
        var draft = DeploymentRecord.Draft(id: id, environment: environment, commit: commit, status: status,
                                           date: epoch.addingTimeInterval(seconds))
        draft.target = "direct-deployment"
        draft.durationSeconds = duration
        return DeploymentRecord(draft)
    }

    static func document(_ entries: DeploymentRecord...) -> NoteDocument {
        NoteDocument(elements: entries.map(NoteDocument.Element.entry))
    }
}
