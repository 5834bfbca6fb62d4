import Foundation
internal import CLibGit2

/// A tree object's bytes as the object database holds them, entries of `<octal mode> SP <name>
/// NUL <20-byte id>` in Git's order, with where each entry starts, parsed once when a
/// `TreeStore` reads the tree.
final class RawTree {
    let bytes: UnsafeRawBufferPointer
    // Owns `bytes` (nil for the empty tree).
    private let object: RawObject?
    // Entry i is bytes[ends[i - 1] ..< ends[i]] (from 0 for the first).
    private let ends: [Int]

    var count: Int { ends.count }

    /// The empty tree.
    init() {
        bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        object = nil
        ends = []
    }

    /// Finds the entries of `object`; a malformed entry is an error, as libgit2's parse makes it.
    init(_ object: RawObject) throws(GitError) {
        let bytes = object.bytes
        self.bytes = bytes
        self.object = object
        var ends: [Int] = []
        var offset = 0
        while offset < bytes.count {
            // The mode: octal digits up to a space (at most 0o177777, as libgit2 stores it).
            var index = offset
            var mode = 0
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 8, mode <= 0xFFFF {
                mode = mode << 3 | Int(bytes[index] &- UInt8(ascii: "0"))
                index += 1
            }
            guard index > offset, mode <= 0xFFFF, index < bytes.count, bytes[index] == UInt8(ascii: " ") else {
                throw RawTree.malformed("can't parse filemode")
            }
            let nameStart = index + 1
            guard nameStart < bytes.count, let nul = memchr(bytes.baseAddress! + nameStart, 0, bytes.count - nameStart) else {
                throw RawTree.malformed("can't parse filename")
            }
            let nameEnd = bytes.baseAddress!.distance(to: UnsafeRawPointer(nul))
            guard nameEnd > nameStart else { throw RawTree.malformed("can't parse filename") }
            guard bytes.count - (nameEnd + 1) >= 20 else { throw RawTree.malformed("can't parse OID") }
            offset = nameEnd + 21
            ends.append(offset)
        }
        self.ends = ends
    }

    private func start(_ index: Int) -> Int { index == 0 ? 0 : ends[index - 1] }

    /// Entry `index`, already checked when the tree was read.
    func entry(_ index: Int) -> Entry {
        let start = start(index)
        let end = ends[index]
        var mode: UInt32 = 0
        var space = start
        while bytes[space] != UInt8(ascii: " ") {
            mode = mode << 3 | UInt32(bytes[space] &- UInt8(ascii: "0"))
            space += 1
        }
        return Entry(mode: mode, nameBytes: UnsafeRawBufferPointer(rebasing: bytes[(space + 1)..<(end - 21)]),
                     id: UnsafeRawBufferPointer(rebasing: bytes[(end - 20)..<end]))
    }

    /// Whether entry `index` here and entry `other` there are the same bytes (mode, name and id).
    func hasSameBytes(_ index: Int, as tree: RawTree, _ other: Int) -> Bool {
        let start = start(index)
        let length = ends[index] - start
        let otherStart = tree.start(other)
        guard tree.ends[other] - otherStart == length else { return false }
        return memcmp(bytes.baseAddress! + start, tree.bytes.baseAddress! + otherStart, length) == 0
    }

    /// How many entries from the start are the same bytes in both trees: parsed from the same
    /// bytes, they start and end at the same offsets.
    func identicalLeadingEntries(_ other: RawTree) -> Int {
        let limit = min(bytes.count, other.bytes.count)
        guard limit > 0 else { return 0 }
        // The first differing byte, 8 at a time.
        var same = 0
        while same + 8 <= limit,
              bytes.loadUnaligned(fromByteOffset: same, as: UInt64.self) == other.bytes.loadUnaligned(fromByteOffset: same, as: UInt64.self) {
            same += 8
        }
        while same < limit, bytes[same] == other.bytes[same] { same += 1 }
        // Entries ending at or before it; a binary search over the sorted ends.
        var low = 0
        var high = min(ends.count, other.ends.count)
        while low < high {
            let middle = (low + high) / 2
            if ends[middle] <= same { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// One entry, pointing into the tree's bytes.
    struct Entry {
        let mode: UInt32
        let nameBytes: UnsafeRawBufferPointer
        let id: UnsafeRawBufferPointer

        /// S_ISDIR, as libgit2 and Git tell a subtree.
        var isTree: Bool { mode & 0o170000 == 0o040000 }

        /// Names are bytes in Git; invalid UTF-8 is repaired.
        var name: String { String(decoding: nameBytes, as: UTF8.self) }

        /// The mode as `git_tree_entry_filemode` reports it, so that modes compare as they did through libgit2.
        var normalizedMode: UInt32 {
            if mode & 0o170000 == 0o040000 { return 0o040000 }
            if mode & 0o100 != 0 { return 0o100755 }
            if mode & 0o170000 == 0o160000 { return 0o160000 }
            if mode & 0o170000 == 0o120000 { return 0o120000 }
            return 0o100644
        }

        func hasSameID(as other: Entry) -> Bool {
            memcmp(id.baseAddress!, other.id.baseAddress!, 20) == 0
        }

        /// Git's tree order (`git_tree_entry_cmp`): bytewise, a tree's name as if it ended in "/".
        static func order(_ a: Entry, _ b: Entry) -> Int {
            let common = min(a.nameBytes.count, b.nameBytes.count)
            if common > 0 {
                let order = memcmp(a.nameBytes.baseAddress!, b.nameBytes.baseAddress!, common)
                if order != 0 { return order < 0 ? -1 : 1 }
            }
            let c1: UInt8 = common < a.nameBytes.count ? a.nameBytes[common] : a.isTree ? UInt8(ascii: "/") : 0
            let c2: UInt8 = common < b.nameBytes.count ? b.nameBytes[common] : b.isTree ? UInt8(ascii: "/") : 0
            return c1 < c2 ? -1 : c1 > c2 ? 1 : 0
        }
    }

    static func notATree(_ id: ObjectID) -> GitError {
        GitError(code: GIT_ENOTFOUND.rawValue, klass: Int32(GIT_ERROR_INVALID.rawValue),
                 message: "object \(id.hex) is not a tree", function: "git_odb_read")
    }

    static func malformed(_ reason: String) -> GitError {
        GitError(code: -1, klass: Int32(GIT_ERROR_OBJECT.rawValue), message: "failed to parse tree: \(reason)", function: "git_odb_read")
    }
}
