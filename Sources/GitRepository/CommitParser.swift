import Foundation

/// A raw commit object's fields, found in place in its bytes.
///
/// Only the shape Git writes is accepted (`tree`, `parent` lines, one `author` and one
/// `committer` line of the form `NAME <EMAIL> SECONDS ±HHMM`, other headers, a blank line, the
/// message); for that shape the fields are exactly what libgit2's commit parse gives. Anything
/// else is nil, and the caller asks libgit2, which then decides what the commit says or why it
/// is malformed.
struct ParsedCommit {
    let tree: ObjectID
    let parents: [ObjectID]
    /// The committer's time, as `git_commit_time` gives it.
    let time: Int64
    let authorName: Range<Int>
    let authorEmail: Range<Int>
    let message: Range<Int>

    init?(_ bytes: UnsafeRawBufferPointer) {
        var position = 0
        guard let tree = ParsedCommit.idHeader("tree ", bytes, &position) else { return nil }
        var parents: [ObjectID] = []
        while let parent = ParsedCommit.idHeader("parent ", bytes, &position) { parents.append(parent) }
        guard let author = ParsedCommit.signature("author ", bytes, &position),
              !ParsedCommit.starts(bytes, at: position, with: "author "),
              let committer = ParsedCommit.signature("committer ", bytes, &position) else { return nil }
        self.tree = tree
        self.parents = parents
        time = committer.time
        authorName = author.name
        authorEmail = author.email
        message = ParsedCommit.message(bytes, headersEnd: position)
    }

    /// `tree <40 hex>\n` or `parent <40 hex>\n` at `position` (lowercase hex, as Git writes ids).
    private static func idHeader(_ name: StaticString, _ bytes: UnsafeRawBufferPointer, _ position: inout Int) -> ObjectID? {
        let length = name.utf8CodeUnitCount
        guard bytes.count - position >= length + 41, starts(bytes, at: position, with: name),
              bytes[position + length + 40] == UInt8(ascii: "\n") else { return nil }
        let hex = position + length
        guard let high = hexWord(bytes, hex, digits: 16), let middle = hexWord(bytes, hex + 16, digits: 16),
              let low = hexWord(bytes, hex + 32, digits: 8) else { return nil }
        position += length + 41
        return ObjectID(high: high, middle: middle, low: UInt32(low))
    }

    private static func hexWord(_ bytes: UnsafeRawBufferPointer, _ start: Int, digits: Int) -> UInt64? {
        var value: UInt64 = 0
        for index in start..<(start + digits) {
            let c = bytes[index]
            let nibble: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = c &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = c &- UInt8(ascii: "a") &+ 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    /// `NAME <EMAIL> SECONDS ±HHMM\n`: name before the last `<` and email up to the last `>`,
    /// both trimmed as libgit2 trims them (`extract_trimmed`).
    private static func signature(_ header: StaticString, _ bytes: UnsafeRawBufferPointer, _ position: inout Int)
        -> (name: Range<Int>, email: Range<Int>, time: Int64)? {
        let start = position + header.utf8CodeUnitCount
        guard starts(bytes, at: position, with: header),
              let newline = firstIndex(of: UInt8(ascii: "\n"), in: bytes, from: start) else { return nil }
        // From the end: " ±HHMM", then " SECONDS", then ">".
        var cursor = newline - 5
        guard cursor > start + 3, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-"),
              (1...4).allSatisfy({ isDigit(bytes[cursor + $0]) }), bytes[cursor - 1] == UInt8(ascii: " ") else { return nil }
        cursor -= 2
        var time: Int64 = 0
        var multiplier: Int64 = 1
        var digits = 0
        while cursor > start, isDigit(bytes[cursor]), digits < 18 {
            time += Int64(bytes[cursor] - UInt8(ascii: "0")) * multiplier
            multiplier *= 10
            digits += 1
            cursor -= 1
        }
        guard digits > 0, cursor > start, bytes[cursor] == UInt8(ascii: " "), bytes[cursor - 1] == UInt8(ascii: ">") else { return nil }
        // libgit2 takes the last `>` of the line (this one: only digits follow) and the last `<`.
        let emailEnd = cursor - 1
        var open = emailEnd - 1
        while open >= start, bytes[open] != UInt8(ascii: "<") { open -= 1 }
        guard open >= start else { return nil }
        let emailStart = open + 1
        position = newline + 1
        return (trimmed(bytes, start..<open), trimmed(bytes, emailStart..<emailEnd), time)
    }

    /// The message: after the first empty line that follows the headers, leading newlines
    /// dropped (`git_commit_message`); empty when there is no empty line.
    private static func message(_ bytes: UnsafeRawBufferPointer, headersEnd: Int) -> Range<Int> {
        // headersEnd follows the committer line's newline; an empty line is a newline right after one.
        var index = headersEnd - 1
        while index + 1 < bytes.count {
            guard let newline = firstIndex(of: UInt8(ascii: "\n"), in: bytes, from: index) else { break }
            if newline + 1 < bytes.count, bytes[newline + 1] == UInt8(ascii: "\n") {
                var start = newline + 2
                while start < bytes.count, bytes[start] == UInt8(ascii: "\n") { start += 1 }
                return start..<bytes.count
            }
            index = newline + 1
        }
        return bytes.count..<bytes.count
    }

    private static func trimmed(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, isCrud(bytes[lower]) { lower += 1 }
        while upper > lower, isCrud(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// What libgit2 (and Git's ident code) strips from both ends of a name or email: control
    /// bytes, spaces and `.,:;<>"\'`.
    private static func isCrud(_ c: UInt8) -> Bool {
        c <= 0x20 || c == UInt8(ascii: ".") || c == UInt8(ascii: ",") || c == UInt8(ascii: ":") || c == UInt8(ascii: ";")
            || c == UInt8(ascii: "<") || c == UInt8(ascii: ">") || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\")
            || c == UInt8(ascii: "'")
    }

    private static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }

    private static func starts(_ bytes: UnsafeRawBufferPointer, at position: Int, with prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard bytes.count - position >= length else { return false }
        return memcmp(bytes.baseAddress! + position, prefix.utf8Start, length) == 0
    }

    private static func firstIndex(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        let end = bytes.count
        guard start < end, let found = memchr(bytes.baseAddress! + start, Int32(byte), end - start) else { return nil }
        return bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
    }
}

extension CommitInfo {
    /// The commit `id` from its raw bytes; nil for any shape `ParsedCommit` leaves to libgit2.
    init?(id: ObjectID, raw: UnsafeRawBufferPointer) {
        guard let parsed = ParsedCommit(raw) else { return nil }
        self.init(id: id, parsed: parsed, raw: raw)
    }

    /// Strings end at a NUL byte, as libgit2's C strings do; invalid UTF-8 is repaired.
    init(id: ObjectID, parsed: ParsedCommit, raw: UnsafeRawBufferPointer) {
        func text(_ range: Range<Int>) -> String {
            let bytes = UnsafeRawBufferPointer(rebasing: raw[range])
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
        }
        self.init(id: id, parents: parsed.parents, message: text(parsed.message), authorName: text(parsed.authorName),
                  authorEmail: text(parsed.authorEmail), time: Date(timeIntervalSince1970: TimeInterval(parsed.time)),
                  tree: parsed.tree)
    }
}
