internal import CLibGit2

/// A Git object id (SHA-1), shown as 40 lowercase hex digits.
public struct ObjectID: Hashable, Comparable, Sendable, CustomStringConvertible {
    // The 20 bytes, big-endian in three words: a commit walk creates two or more ids per commit
    // and hashes them into sets, which costs a heap-allocated 40-digit String each if ids are
    // stored as text; big-endian keeps `<` the same as comparing the hex digits.
    let high: UInt64
    let middle: UInt64
    let low: UInt32

    /// Parses exactly 40 hex digits (either case); nil otherwise.
    public init?(hex: String) {
        var text = hex
        guard let id = text.withUTF8({ ObjectID(hexDigits: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = id
    }

    /// Parses exactly 40 hex digits (either case) from bytes, allocating nothing (files of
    /// thousands of ids are read this way); nil otherwise.
    public init?(hexDigits digits: UnsafeRawBufferPointer) {
        guard digits.count == 40 else { return nil }
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for i in 0..<40 {
            guard let value = ObjectID.nibble(digits[i]) else { return nil }
            switch i {
            case ..<16: words.0 = words.0 << 4 | UInt64(value)
            case ..<32: words.1 = words.1 << 4 | UInt64(value)
            default: words.2 = words.2 << 4 | UInt64(value)
            }
        }
        high = words.0
        middle = words.1
        low = UInt32(truncatingIfNeeded: words.2)
    }

    /// The 40 lowercase hex digits.
    public var hex: String {
        withUnsafeBytes(of: raw.id) { raw in
            String(unsafeUninitializedCapacity: 40) { buffer in
                for (i, byte) in raw.prefix(20).enumerated() {
                    buffer[2 * i] = ObjectID.digits[Int(byte >> 4)]
                    buffer[2 * i + 1] = ObjectID.digits[Int(byte & 0x0f)]
                }
                return 40
            }
        }
    }

    /// The first 7 hex digits, as `git log --oneline` shows them.
    public var short: String { String(hex.prefix(7)) }

    /// 40 zeros: Git's id for a new or deleted ref in pre-push.
    public static let zero = ObjectID(git_oid())

    /// True for `ObjectID.zero`.
    public var isZero: Bool { self == ObjectID.zero }

    /// The hex digits.
    public var description: String { hex }

    /// The first eight bytes: ids are hashes, evenly spread already, and a walk hashes tens of
    /// thousands of them; feeding the hasher all twenty bytes cost twice as much for nothing.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(high)
    }

    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// From the first 20 bytes of `bytes`.
    init(bytes: UnsafeRawBufferPointer) {
        high = UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self))
        middle = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        low = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    init(_ oid: git_oid) {
        self = withUnsafeBytes(of: oid.id) { ObjectID(bytes: $0) }
    }

    init(_ oid: UnsafePointer<git_oid>) {
        self.init(bytes: UnsafeRawBufferPointer(start: oid, count: 20))
    }

    var raw: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { out in
            out.storeBytes(of: high.bigEndian, as: UInt64.self)
            out.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            out.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }
}
