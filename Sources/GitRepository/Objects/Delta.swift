/// Git's delta format: the base's size and the result's size as little-endian base-128
/// numbers, then instructions that either copy a run of the base or insert literal bytes.
enum Delta {
    /// The result's size announced by `delta`, or nil when its header is malformed or `base`
    /// is not the size the delta was made against.
    static func resultSize(_ delta: UnsafeRawBufferPointer, baseSize: Int) -> (size: Int, instructions: Int)? {
        var position = 0
        guard let base = varint(delta, &position), base == baseSize, let result = varint(delta, &position) else { return nil }
        return (result, position)
    }

    /// Applies the instructions of `delta` (from `start`) to `base`, writing exactly
    /// `output.count` bytes; false for a malformed or truncated delta, which is never read past.
    static func apply(_ delta: UnsafeRawBufferPointer, from start: Int, to base: UnsafeRawBufferPointer,
                      into output: UnsafeMutableRawBufferPointer) -> Bool {
        var position = start
        var written = 0
        while position < delta.count {
            let op = delta[position]
            position += 1
            if op & 0x80 != 0 {
                // Copy: bits 0-3 say which offset bytes follow, bits 4-6 which size bytes.
                var offset = 0
                var size = 0
                for bit in 0..<4 where op & (1 << bit) != 0 {
                    guard position < delta.count else { return false }
                    offset |= Int(delta[position]) << (8 * bit)
                    position += 1
                }
                for bit in 0..<3 where op & (0x10 << bit) != 0 {
                    guard position < delta.count else { return false }
                    size |= Int(delta[position]) << (8 * bit)
                    position += 1
                }
                if size == 0 { size = 0x10000 }
                guard offset <= base.count, size <= base.count - offset, size <= output.count - written else { return false }
                (output.baseAddress! + written).copyMemory(from: base.baseAddress! + offset, byteCount: size)
                written += size
            } else if op != 0 {
                // Insert the next `op` bytes of the delta itself.
                let size = Int(op)
                guard size <= delta.count - position, size <= output.count - written else { return false }
                (output.baseAddress! + written).copyMemory(from: delta.baseAddress! + position, byteCount: size)
                written += size
                position += size
            } else {
                return false  // reserved
            }
        }
        return written == output.count
    }

    private static func varint(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) -> Int? {
        var value = 0
        var shift = 0
        while position < bytes.count, shift < 63 {
            let byte = bytes[position]
            position += 1
            value |= Int(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
