/// A pack's index (`.idx`, version 2): which objects the pack holds and where each one starts.
///
/// Layout: magic `\377tOc`, version 2, 256 cumulative counts by first byte (the fan-out), the
/// sorted ids, a CRC per object, a 32-bit offset per object (high bit set: an index into the
/// 64-bit offsets that follow, for packs over 2 GiB), then two checksums.
struct PackIndex {
    private let file: MappedFile
    let count: Int
    private let idsStart: Int
    private let offsetsStart: Int
    private let largeOffsetsStart: Int
    private let largeOffsetCount: Int

    /// Reads the header of the index at `path`; nil for anything but a well-formed version 2
    /// index (version 1 is from before 2007), so that libgit2 answers for that pack instead.
    init?(path: String) {
        guard let file = MappedFile(path: path) else { return nil }
        let headerSize = 8 + 256 * 4
        guard file.bytes.count >= headerSize + 40, file.uint32(at: 0) == 0xff74_4f63, file.uint32(at: 4) == 2 else { return nil }
        let count = Int(file.uint32(at: 8 + 255 * 4))
        idsStart = headerSize
        offsetsStart = idsStart + count * 24  // ids, then a CRC per object
        largeOffsetsStart = offsetsStart + count * 4
        let trailer = 40
        guard largeOffsetsStart + trailer <= file.bytes.count else { return nil }
        largeOffsetCount = (file.bytes.count - trailer - largeOffsetsStart) / 8
        self.file = file
        self.count = count
    }

    /// The checksum of the pack this index was made for (the pack's own last 20 bytes).
    var packChecksum: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[(file.bytes.count - 40)..<(file.bytes.count - 20)])
    }

    /// Where `id` starts in the pack, or nil when the pack does not hold it.
    func offset(of id: ObjectID) -> Int? {
        let first = Int(id.high >> 56)
        var low = first == 0 ? 0 : Int(file.uint32(at: 8 + (first - 1) * 4))
        var high = Int(file.uint32(at: 8 + first * 4))
        guard low <= high, high <= count else { return nil }
        // Ids are hashes, spread evenly: where `id` would sit if they were exactly even is
        // within a dozen places of where it is. Walking from there through neighbouring
        // entries, in one or two cache lines, beats a binary search's ten scattered reads.
        if high - low > 8 {
            let fraction = Double(id.high & 0x00ff_ffff_ffff_ffff) / Double(1 << 56)
            var guess = low + min(high - low - 1, Int(fraction * Double(high - low)))
            var order = compare(id, at: idsStart + guess * 20)
            var steps = 0
            if order < 0 {
                while order < 0, guess > low, steps < 32 {
                    guess -= 1
                    steps += 1
                    order = compare(id, at: idsStart + guess * 20)
                }
                if order == 0 { return objectOffset(guess) }
                if order > 0 { return nil }  // passed the place where it would be
                high = guess  // not there within 32: halve what is left
            } else if order > 0 {
                while order > 0, guess < high - 1, steps < 32 {
                    guess += 1
                    steps += 1
                    order = compare(id, at: idsStart + guess * 20)
                }
                if order == 0 { return objectOffset(guess) }
                if order < 0 { return nil }
                low = guess + 1
            } else {
                return objectOffset(guess)
            }
        }
        // Ids are sorted; big-endian words compare as the bytes do.
        while low < high {
            let middle = (low + high) / 2
            let order = compare(id, at: idsStart + middle * 20)
            if order == 0 { return objectOffset(middle) }
            if order < 0 { high = middle } else { low = middle + 1 }
        }
        return nil
    }

    private func compare(_ id: ObjectID, at offset: Int) -> Int {
        let word = file.uint64(at: offset)
        if id.high != word { return id.high < word ? -1 : 1 }
        let middle = file.uint64(at: offset + 8)
        if id.middle != middle { return id.middle < middle ? -1 : 1 }
        let low = file.uint32(at: offset + 16)
        return id.low == low ? 0 : id.low < low ? -1 : 1
    }

    private func objectOffset(_ position: Int) -> Int? {
        let small = file.uint32(at: offsetsStart + position * 4)
        guard small & 0x8000_0000 != 0 else { return Int(small) }
        let large = Int(small & 0x7fff_ffff)
        guard large < largeOffsetCount else { return nil }
        let offset = file.uint64(at: largeOffsetsStart + large * 8)
        return offset <= UInt64(Int.max) ? Int(offset) : nil
    }
}
