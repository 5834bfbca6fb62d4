import Foundation

/// The newest `"timestamp": "…"` in a note's raw bytes, found without parsing the JSON.
///
/// `history --limit N` uses it as an upper bound of the note's entries, so only the notes that can
/// hold one of the newest N entries are parsed. It is a safe bound: every entry with a readable
/// timestamp has this key spelled this way, and any other match (a nested object, a string that
/// happens to contain it) can only raise the bound. A note with a `\u` escape might spell the key
/// or the date in escapes, so it gets no bound (`distantFuture`: always parsed).
enum TimestampScan {
    private static let key = Array("\"timestamp\"".utf8)

    static func newest(in bytes: UnsafeRawBufferPointer) -> Date {
        var newest = Date.distantPast
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\"), index + 1 < count, bytes[index + 1] == UInt8(ascii: "u") { return .distantFuture }
            guard byte == UInt8(ascii: "\""), matchesKey(bytes, at: index) else { index += 1; continue }
            var cursor = skipSpace(bytes, from: index + key.count)
            guard cursor < count, bytes[cursor] == UInt8(ascii: ":") else { index += key.count; continue }
            cursor = skipSpace(bytes, from: cursor + 1)
            guard cursor < count, bytes[cursor] == UInt8(ascii: "\"") else { index += key.count; continue }
            let start = cursor + 1
            var end = start
            while end < count, bytes[end] != UInt8(ascii: "\""), end - start < 40 { end += 1 }
            if end < count, let date = Timestamp.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<end])), date > newest {
                newest = date
            }
            index = end
        }
        return newest
    }

    private static func matchesKey(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Bool {
        guard index + key.count <= bytes.count else { return false }
        for offset in 1..<key.count where bytes[index + offset] != key[offset] { return false }
        return true
    }

    private static func skipSpace(_ bytes: UnsafeRawBufferPointer, from index: Int) -> Int {
        var index = index
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index
    }
}
