import Foundation
import GitRepository

/// Deployment ids (DESIGN §8): `deploy-YYYYMMDD-HHMMSS-<7 hex of commit>-<4 random hex>`, in UTC.
/// The only place one is made.
public enum DeploymentID {
    /// A new id for deploying `commit` (nil before the first commit: seven zeros) at `date`.
    public static func make(commit: ObjectID?, date: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(commit: commit, date: date, using: &generator)
    }

    public static func make<G: RandomNumberGenerator>(commit: ObjectID?, date: Date, using generator: inout G) -> String {
        let stamp = Timestamp.format(date)  // YYYY-MM-DDTHH:MM:SS.mmmZ
        let digits = stamp.filter(\.isNumber)
        let day = digits.prefix(8), time = digits.dropFirst(8).prefix(6)
        let random = String(format: "%04x", UInt16.random(in: 0...UInt16.max, using: &generator))
        return "deploy-\(day)-\(time)-\(commit?.short ?? "0000000")-\(random)"
    }

    /// True for an id a user may give (`record --id`): it names a metrics file, so letters, digits,
    /// `.`, `_` and `-` only, not starting with `.` or `-`, at most 128 characters.
    public static func isValid(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first != ".", first != "-", id.unicodeScalars.count <= 128 else { return false }
        return id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) }
    }
}
