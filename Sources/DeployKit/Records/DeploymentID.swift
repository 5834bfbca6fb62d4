import Foundation
import GitRepository

/// Deployment ids (DESIGN §8): `deploy-YYYYMMDD-HHMMSS-<7 hex of commit>-<4 random hex>`.
public enum DeploymentID {
    /// A new id for deploying `commit` at `date` (UTC).
    public static func make(commit: ObjectID, date: Date) -> String {
        let stamp = Timestamp.format(date)  // YYYY-MM-DDTHH:MM:SS.mmmZ
        let digits = stamp.filter(\.isNumber)
        let day = digits.prefix(8), time = digits.dropFirst(8).prefix(6)
        let random = String(UInt16.random(in: 0...UInt16.max), radix: 16)
        return "deploy-\(day)-\(time)-\(commit.short)-\(String(repeating: "0", count: 4 - random.count))\(random)"
    }

    /// True for an id a user may give (`record --id`): it names a metrics file, so letters, digits,
    /// `.`, `_` and `-` only, not starting with `.` or `-`, at most 128 characters.
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first != ".", first != "-", id.unicodeScalars.count <= 128 else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }
}
