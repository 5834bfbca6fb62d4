internal import CLibGit2

/// A Git object id (SHA-1) as 40 lowercase hex digits.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 40 lowercase hex digits.
    public let hex: String

    /// Parses exactly 40 hex digits (either case); nil otherwise.
    public init?(hex: String) {
        let bytes = Array(hex.utf8)
        guard bytes.count == 40, bytes.allSatisfy({ ObjectID.nibble($0) != nil }) else { return nil }
        self.hex = hex.lowercased()
    }

    /// The first 7 hex digits, as `git log --oneline` shows them.
    public var short: String { String(hex.prefix(7)) }

    /// 40 zeros: Git's id for a new or deleted ref in pre-push.
    public static let zero = ObjectID(trustedHex: String(repeating: "0", count: 40))

    /// True for `ObjectID.zero`.
    public var isZero: Bool { self == ObjectID.zero }

    /// The hex digits.
    public var description: String { hex }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }

    private init(trustedHex: String) { self.hex = trustedHex }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // Hand-rolled hex both ways: the commit walk converts two or more ids per commit, and
    // this avoids a libgit2 status to check for a conversion that cannot fail.
    init(_ oid: git_oid) {
        hex = withUnsafeBytes(of: oid.id) { raw in
            String(unsafeUninitializedCapacity: 40) { buffer in
                for (i, byte) in raw.prefix(20).enumerated() {
                    buffer[2 * i] = ObjectID.digits[Int(byte >> 4)]
                    buffer[2 * i + 1] = ObjectID.digits[Int(byte & 0x0f)]
                }
                return 40
            }
        }
    }

    init(_ oid: UnsafePointer<git_oid>) { self.init(oid.pointee) }

    var raw: git_oid {
        var oid = git_oid()
        let bytes = Array(hex.utf8)
        withUnsafeMutableBytes(of: &oid.id) { out in
            for i in 0..<20 {
                // Both nibbles exist: `hex` was validated (or produced) as 40 hex digits.
                out[i] = ObjectID.nibble(bytes[2 * i])! << 4 | ObjectID.nibble(bytes[2 * i + 1])!
            }
        }
        return oid
    }
}
