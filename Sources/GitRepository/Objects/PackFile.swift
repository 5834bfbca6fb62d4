import Foundation

/// One pack (`.pack` with its `.idx`), read in place: entry headers parsed, entries inflated,
/// delta chains resolved with a `DeltaBaseCache`.
///
/// Anything this reader does not expect (a malformed header, corrupt zlib data, a delta that
/// does not fit its base) makes it answer nil, and the caller asks libgit2, whose errors say
/// what is wrong; it never reads outside the mapped file.
final class PackFile {
    let index: PackIndex
    private let data: MappedFile
    // Entries end before the 20-byte trailing checksum.
    private let end: Int
    let number: Int

    /// Objects larger than this are left to libgit2 (a scan reads only commits and trees).
    static let largestObject = 256 << 20

    init?(indexPath: String, number: Int) {
        guard indexPath.hasSuffix(".idx"), let index = PackIndex(path: indexPath),
              let data = MappedFile(path: String(indexPath.dropLast(4)) + ".pack"),
              data.bytes.count >= 32, data.uint32(at: 0) == 0x5041_434b,  // "PACK"
              data.uint32(at: 4) == 2 || data.uint32(at: 4) == 3,
              // An index made for another pack would send every lookup to the wrong place; Git
              // and libgit2 refuse such a pair, and so does this reader (libgit2 then reports it).
              memcmp(index.packChecksum.baseAddress!, data.bytes.baseAddress! + data.bytes.count - 20, 20) == 0 else { return nil }
        self.index = index
        self.data = data
        end = data.bytes.count - 20
        self.number = number
    }

    private struct Entry {
        let type: UInt8
        let size: Int
        let dataStart: Int
        let baseOffset: Int  // OFS_DELTA
        let baseID: ObjectID?  // REF_DELTA
    }

    /// Type (1-4 objects, 6 offset delta, 7 reference delta), size and where the zlib data starts.
    private func entry(at offset: Int) -> Entry? {
        guard offset >= 12, offset < end else { return nil }
        var position = offset
        var byte = data.bytes[position]
        position += 1
        let type = (byte >> 4) & 7
        var size = Int(byte & 0x0f)
        var shift = 4
        while byte & 0x80 != 0 {
            guard position < end, shift < 60 else { return nil }
            byte = data.bytes[position]
            position += 1
            size |= Int(byte & 0x7f) << shift
            shift += 7
        }
        guard size <= PackFile.largestObject else { return nil }
        switch type {
        case 1...4:
            return Entry(type: type, size: size, dataStart: position, baseOffset: 0, baseID: nil)
        case 6:
            // The distance back to the base: base-128, big-endian, each continuation adding one.
            guard position < end else { return nil }
            byte = data.bytes[position]
            position += 1
            var distance = Int(byte & 0x7f)
            while byte & 0x80 != 0 {
                guard position < end, distance < Int.max >> 8 else { return nil }
                byte = data.bytes[position]
                position += 1
                distance = (distance + 1) << 7 | Int(byte & 0x7f)
            }
            guard distance > 0, distance < offset else { return nil }
            return Entry(type: type, size: size, dataStart: position, baseOffset: offset - distance, baseID: nil)
        case 7:
            guard end - position >= 20 else { return nil }
            let id = ObjectID(bytes: UnsafeRawBufferPointer(rebasing: data.bytes[position..<(position + 20)]))
            return Entry(type: type, size: size, dataStart: position + 20, baseOffset: 0, baseID: id)
        default:
            return nil
        }
    }

    /// Inflates `entry`'s data into `buffer`, which has room for the entry's size and one byte more.
    private func inflate(_ entry: Entry, with inflater: Inflater, into buffer: UnsafeMutableRawPointer) -> Bool {
        guard entry.dataStart < end else { return false }
        let input = UnsafeRawBufferPointer(rebasing: data.bytes[entry.dataStart..<end])
        return inflater.inflate(input, into: buffer, size: entry.size)
    }

    /// The object starting at `offset`, deltas applied; nil for anything unexpected. A reference
    /// delta's base is asked of `store` by id (from any pack, or libgit2), `depth` deep.
    func object(at offset: Int, store: ObjectStore, depth: Int) -> RawObject? {
        var chain: [(offset: Int, entry: Entry)] = []
        var current = offset
        var base: RawObject?
        // Where `base` starts in this pack; -1 for a reference delta's base from elsewhere.
        var baseOffset = -1
        // Down the chain to a full object, or a base already at hand.
        while base == nil {
            if let cached = store.deltaBases.object(DeltaBaseCache.key(pack: number, offset: current)) {
                base = cached
                baseOffset = current
                break
            }
            guard chain.count < 10_000, let entry = entry(at: current) else { return nil }
            switch entry.type {
            case 6:
                chain.append((current, entry))
                current = entry.baseOffset
            case 7:
                chain.append((current, entry))
                guard let id = entry.baseID, let found = store.object(id, depth: depth + 1) else { return nil }
                base = found
            default:
                let buffer = UnsafeMutableRawPointer.allocate(byteCount: entry.size + 1, alignment: 8)
                guard inflate(entry, with: store.inflater, into: buffer) else {
                    buffer.deallocate()
                    return nil
                }
                base = RawObject(kind: ObjectKind(rawValue: entry.type)!, taking: buffer, count: entry.size)
                baseOffset = current
            }
        }
        // Back up, applying each delta to the result of the one below it; each result on the
        // way is the base of the next delta, and is what the cache keeps.
        var result = base!
        var resultOffset = baseOffset
        for link in chain.reversed() {
            if resultOffset >= 0 { store.deltaBases.insert(result, DeltaBaseCache.key(pack: number, offset: resultOffset)) }
            let instructions = store.scratch(link.entry.size + 1)
            guard inflate(link.entry, with: store.inflater, into: instructions.baseAddress!) else { return nil }
            let delta = UnsafeRawBufferPointer(rebasing: instructions[0..<link.entry.size])
            guard let (size, start) = Delta.resultSize(delta, baseSize: result.bytes.count),
                  size <= PackFile.largestObject else { return nil }
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(size, 1), alignment: 8)
            guard Delta.apply(delta, from: start, to: result.bytes,
                              into: UnsafeMutableRawBufferPointer(start: buffer, count: size)) else {
                buffer.deallocate()
                return nil
            }
            result = RawObject(kind: result.kind, taking: buffer, count: size)
            resultOffset = link.offset
        }
        return result
    }
}
