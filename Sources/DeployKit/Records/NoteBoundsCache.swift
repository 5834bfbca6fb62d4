import Foundation
import GitRepository

/// Remembers, per note blob, the newest timestamp in it (`TimestampScan`), in
/// `.git/deploy/history-bounds`, so `history --limit N` reads the notes tree and only the few
/// blobs that can hold the newest N entries, instead of inflating every note on every run.
///
/// Keyed by blob id, the cache can never be stale: a note that changes is a new blob. A missing
/// or unreadable file only costs the scan again; writes are atomic and best effort (a read-only
/// repository still reads its history), and keep only the blobs of the notes tree just read.
struct NoteBoundsCache {
    private static let header = "git-deploy history-bounds 1"
    let path: String
    private var bounds: [ObjectID: Int64] = [:]
    private(set) var isDirty = false

    init(path: String) {
        self.path = path
        guard let bytes = FileSystem.readFileIfPresent(path) else { return }
        let header = Array((NoteBoundsCache.header + "\n").utf8)
        guard bytes.starts(with: header) else { return }
        // One pass over the bytes, no String or slice array per line: a history of 5,000 notes
        // is 5,000 lines read on every `history --limit`.
        bytes.withUnsafeBytes { text in
            bounds.reserveCapacity(text.count / 56)
            var start = header.count
            while start < text.count {
                var end = start
                while end < text.count, text[end] != UInt8(ascii: "\n") { end += 1 }
                defer { start = end + 1 }
                guard end - start > 41, text[start + 40] == UInt8(ascii: " "),
                      let blob = ObjectID(hexDigits: UnsafeRawBufferPointer(rebasing: text[start..<(start + 40)])),
                      let value = NoteBoundsCache.integer(text[(start + 41)..<end]) else { continue }
                bounds[blob] = value
            }
        }
    }

    /// The bound remembered for `blob`, nil when not known yet.
    func bound(forBlob blob: ObjectID) -> Date? {
        bounds[blob].map(NoteBoundsCache.date)
    }

    mutating func remember(_ bound: Date, forBlob blob: ObjectID) {
        bounds[blob] = NoteBoundsCache.milliseconds(bound)
        isDirty = true
    }

    /// Writes the bounds of `blobs` (the notes tree just read) back, if anything was learnt.
    func save(keeping blobs: [ObjectID]) {
        guard isDirty else { return }
        var text = NoteBoundsCache.header + "\n"
        for blob in blobs {
            guard let value = bounds[blob] else { continue }
            text += "\(blob.hex) \(value)\n"
        }
        try? AtomicFile.write(Array(text.utf8), to: path)
    }

    /// A decimal Int64 read straight from the bytes (thousands of lines, no String for each).
    private static func integer(_ bytes: Slice<UnsafeRawBufferPointer>) -> Int64? {
        var digits = bytes[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 19 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard (48...57).contains(byte) else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - 48))
            guard !overflow, !overflow2 else { return nil }
            value = sum
        }
        return negative ? -value : value
    }

    private static func milliseconds(_ date: Date) -> Int64 {
        if date == .distantFuture { return .max }
        if date == .distantPast { return -.max }
        // One millisecond of slack keeps it an upper bound through the Double round trip.
        return Int64((date.timeIntervalSince1970 * 1000).rounded(.up)) + 1
    }

    private static func date(_ milliseconds: Int64) -> Date {
        switch milliseconds {
        case .max: .distantFuture
        case ...(-.max): .distantPast
        default: Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        }
    }
}
