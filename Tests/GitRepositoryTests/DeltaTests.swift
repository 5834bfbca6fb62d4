import TestSupport
import Testing
@testable import GitRepository

/// Git's delta format, byte by byte: what `patch_delta` in Git accepts gives the same result
/// here, and what it rejects is rejected here, without reading past the delta or the base.
@Suite("Delta instructions")
struct DeltaTests {
    /// The header of a delta: base size and result size as little-endian base-128 numbers.
    private static func header(base: Int, result: Int) -> [UInt8] {
        varint(base) + varint(result)
    }

    private static func varint(_ value: Int) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7f)
            value >>= 7
            if value > 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value > 0
        return bytes
    }

    /// The delta applied to `base`, or nil when its header or its instructions are rejected.
    /// The output buffer has exactly the announced size, as `PackFile` allocates it.
    private static func apply(_ delta: [UInt8], to base: [UInt8]) -> [UInt8]? {
        delta.withUnsafeBytes { delta in
            base.withUnsafeBytes { base -> [UInt8]? in
                guard let (size, start) = Delta.resultSize(delta, baseSize: base.count) else { return nil }
                let output = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 8)
                defer { output.deallocate() }
                let exact = UnsafeMutableRawBufferPointer(rebasing: output[0..<size])
                guard Delta.apply(delta, from: start, to: base, into: exact) else { return nil }
                return Array(exact)
            }
        }
    }

    private static let base: [UInt8] = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    @Test("the header gives the result's size and where the instructions start")
    func headerSizes() {
        let delta = Self.header(base: 300, result: 70_000) + [0x01, 0x41]
        delta.withUnsafeBytes { bytes in
            let parsed = Delta.resultSize(bytes, baseSize: 300)
            #expect(parsed?.size == 70_000)
            // 300 takes two bytes, 70,000 three.
            #expect(parsed?.instructions == 5)
        }
    }

    @Test("a delta made against a base of another size is rejected")
    func wrongBaseSize() {
        let delta = Self.header(base: Self.base.count + 1, result: 4) + [0x90, 0x04]
        #expect(Self.apply(delta, to: Self.base) == nil)
        delta.withUnsafeBytes { bytes in
            #expect(Delta.resultSize(bytes, baseSize: Self.base.count) == nil)
            #expect(Delta.resultSize(bytes, baseSize: Self.base.count - 1) == nil)
            #expect(Delta.resultSize(bytes, baseSize: Self.base.count + 1)?.size == 4)
        }
    }

    @Test("a header cut short is rejected", arguments: [[], [0x80], [0x24], [0x24, 0x80], [0xff, 0xff]] as [[UInt8]])
    func truncatedHeader(_ delta: [UInt8]) {
        delta.withUnsafeBytes { bytes in
            #expect(Delta.resultSize(bytes, baseSize: 0x24) == nil)
        }
    }

    @Test("a copy takes its offset and size from the bytes its opcode names")
    func copy() {
        // 0x91: offset byte 0 and size byte 0 follow.
        #expect(Self.apply(Self.header(base: 36, result: 4) + [0x91, 10, 4], to: Self.base) == Array("abcd".utf8))
        // 0x80 | 0x01 | 0x10 with offset 0: the first bytes.
        #expect(Self.apply(Self.header(base: 36, result: 3) + [0x91, 0, 3], to: Self.base) == Array("012".utf8))
        // No offset byte at all means offset 0.
        #expect(Self.apply(Self.header(base: 36, result: 2) + [0x90, 2], to: Self.base) == Array("01".utf8))
        // Two copies and a copy that ends exactly at the base's end.
        #expect(Self.apply(Self.header(base: 36, result: 6) + [0x91, 33, 3, 0x91, 0, 3], to: Self.base) == Array("xyz012".utf8))
    }

    @Test("copy offsets and sizes are little-endian over the bytes present, skipping absent ones")
    func sparseCopyBytes() {
        // A base of 0x20000 bytes whose byte i is i % 251, so that every offset tells.
        let base = (0..<0x20000).map { UInt8($0 % 251) }
        // Offset byte 1 only (0x0100), size byte 1 only (0x0200): 0x80 | 0x02 | 0x20.
        let delta = Self.header(base: base.count, result: 0x200) + [0xa2, 0x01, 0x02]
        #expect(Self.apply(delta, to: base) == Array(base[0x100..<0x300]))
        // Offset bytes 0 and 2 (0x010005), size byte 0 (7): 0x80 | 0x05 | 0x10.
        let sparse = Self.header(base: base.count, result: 7) + [0x95, 0x05, 0x01, 0x07]
        #expect(Self.apply(sparse, to: base) == Array(base[0x10005..<0x1000c]))
        // All four offset bytes (0x00000102) and all three size bytes (0x000003): 0xff.
        let full = Self.header(base: base.count, result: 3) + [0xff, 0x02, 0x01, 0x00, 0x00, 0x03, 0x00, 0x00]
        #expect(Self.apply(full, to: base) == Array(base[0x102..<0x105]))
    }

    @Test("a copy of size 0 copies 0x10000 bytes")
    func copySizeZero() {
        let base = (0..<0x10010).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        // No size byte: 0x10000 bytes from the start.
        #expect(Self.apply(Self.header(base: base.count, result: 0x10000) + [0x80], to: base) == Array(base[0..<0x10000]))
        // Size bytes present but all zero mean 0x10000 as well (0x80 | 0x01 | 0x10, offset 0x10, size 0).
        #expect(Self.apply(Self.header(base: base.count, result: 0x10000) + [0x91, 0x10, 0x00], to: base)
            == Array(base[0x10..<0x10010]))
        // And 0x10000 from offset 0x11 runs past the base's end.
        #expect(Self.apply(Self.header(base: base.count, result: 0x10000) + [0x91, 0x11, 0x00], to: base) == nil)
        // A base shorter than 0x10000 cannot serve a size-0 copy.
        #expect(Self.apply(Self.header(base: 36, result: 0x10000) + [0x80], to: Self.base) == nil)
    }

    @Test("an insert copies the next bytes of the delta itself")
    func insert() {
        #expect(Self.apply(Self.header(base: 36, result: 3) + [0x03, 0x41, 0x42, 0x43], to: Self.base) == Array("ABC".utf8))
        // Inserts and copies mixed; 0x7f is the longest insert.
        let long = [UInt8](repeating: 0x2a, count: 0x7f)
        let delta = Self.header(base: 36, result: 0x7f + 2 + 1) + [0x7f] + long + [0x91, 0, 2, 0x01, 0x21]
        #expect(Self.apply(delta, to: Self.base) == long + Array("01!".utf8))
        // A delta against an empty base that only inserts.
        #expect(Self.apply(Self.header(base: 0, result: 1) + [0x01, 0x0a], to: []) == [0x0a])
    }

    @Test("an empty result: no instructions at all")
    func emptyResult() {
        #expect(Self.apply(Self.header(base: 36, result: 0), to: Self.base) == [])
        #expect(Self.apply(Self.header(base: 0, result: 0), to: []) == [])
    }

    @Test("the reserved opcode 0 is rejected")
    func reservedOpcode() {
        #expect(Self.apply(Self.header(base: 36, result: 1) + [0x00, 0x01, 0x41], to: Self.base) == nil)
        #expect(Self.apply(Self.header(base: 36, result: 1) + [0x01, 0x41, 0x00], to: Self.base) == nil)
    }

    @Test("a copy past the base's end is rejected")
    func copyPastBase() {
        // Offset 30, size 7: one byte too many.
        #expect(Self.apply(Self.header(base: 36, result: 7) + [0x91, 30, 7], to: Self.base) == nil)
        // Offset past the end, any size.
        #expect(Self.apply(Self.header(base: 36, result: 1) + [0x91, 36, 1], to: Self.base) == nil)
        #expect(Self.apply(Self.header(base: 36, result: 1) + [0x91, 0xff, 1], to: Self.base) == nil)
        // Offsets that would wrap around if added naively.
        #expect(Self.apply(Self.header(base: 36, result: 1) + [0x8f, 0xff, 0xff, 0xff, 0xff], to: Self.base) == nil)
        #expect(Self.apply(Self.header(base: 36, result: 2) + [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], to: Self.base) == nil)
    }

    @Test("instructions that make more or fewer bytes than announced are rejected")
    func sizeMismatch() {
        // Announces 3, copies 4.
        #expect(Self.apply(Self.header(base: 36, result: 3) + [0x91, 0, 4], to: Self.base) == nil)
        // Announces 5, copies 4.
        #expect(Self.apply(Self.header(base: 36, result: 5) + [0x91, 0, 4], to: Self.base) == nil)
        // Announces 2, inserts 3.
        #expect(Self.apply(Self.header(base: 36, result: 2) + [0x03, 0x41, 0x42, 0x43], to: Self.base) == nil)
        // Announces 4, inserts 3.
        #expect(Self.apply(Self.header(base: 36, result: 4) + [0x03, 0x41, 0x42, 0x43], to: Self.base) == nil)
        // The exact size passes.
        #expect(Self.apply(Self.header(base: 36, result: 3) + [0x03, 0x41, 0x42, 0x43], to: Self.base) == Array("ABC".utf8))
    }

    @Test("an instruction cut short is rejected")
    func truncatedInstruction() {
        // A copy whose size byte is missing.
        #expect(Self.apply(Self.header(base: 36, result: 4) + [0x91, 10], to: Self.base) == nil)
        // A copy whose offset bytes are missing.
        #expect(Self.apply(Self.header(base: 36, result: 4) + [0x93, 10], to: Self.base) == nil)
        // An insert of 5 with only 3 bytes left.
        #expect(Self.apply(Self.header(base: 36, result: 5) + [0x05, 0x41, 0x42, 0x43], to: Self.base) == nil)
    }

    @Test("apply starts at the instructions and writes exactly the output it is given")
    func applyDirectly() {
        let delta: [UInt8] = Self.header(base: 36, result: 5) + [0x91, 10, 2, 0x03, 0x58, 0x59, 0x5a]
        delta.withUnsafeBytes { delta in
            Self.base.withUnsafeBytes { base in
                let output = UnsafeMutableRawBufferPointer.allocate(byteCount: 8, alignment: 8)
                defer { output.deallocate() }
                output.initializeMemory(as: UInt8.self, repeating: 0xee)
                #expect(Delta.apply(delta, from: 2, to: base, into: UnsafeMutableRawBufferPointer(rebasing: output[0..<5])))
                #expect(Array(output) == Array("abXYZ".utf8) + [0xee, 0xee, 0xee])
                // A buffer one byte short or long is a size mismatch.
                #expect(!Delta.apply(delta, from: 2, to: base, into: UnsafeMutableRawBufferPointer(rebasing: output[0..<4])))
                #expect(!Delta.apply(delta, from: 2, to: base, into: UnsafeMutableRawBufferPointer(rebasing: output[0..<6])))
            }
        }
    }

    @Test("random deltas built from copies and inserts rebuild their target", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func randomDeltas(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let base = (0..<Int.random(in: 1...0x30000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        var target: [UInt8] = []
        var instructions: [UInt8] = []
        for _ in 0..<200 {
            if Bool.random(using: &random) {
                let size = Int.random(in: 1...min(base.count, 0x10000), using: &random)
                let offset = Int.random(in: 0...(base.count - size), using: &random)
                var op: UInt8 = 0x80
                var bytes: [UInt8] = []
                for bit in 0..<4 where (offset >> (8 * bit)) & 0xff != 0 {
                    op |= 1 << bit
                    bytes.append(UInt8((offset >> (8 * bit)) & 0xff))
                }
                // 0x10000 is written with no size byte, as size 0.
                let written = size == 0x10000 ? 0 : size
                for bit in 0..<3 where (written >> (8 * bit)) & 0xff != 0 {
                    op |= 0x10 << bit
                    bytes.append(UInt8((written >> (8 * bit)) & 0xff))
                }
                instructions += [op] + bytes
                target += base[offset..<(offset + size)]
            } else {
                let bytes = (0..<Int.random(in: 1...0x7f, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                instructions += [UInt8(bytes.count)] + bytes
                target += bytes
            }
        }
        let delta = Self.header(base: base.count, result: target.count) + instructions
        #expect(Self.apply(delta, to: base) == target)
        // Any cut inside the instructions is caught (the output is then short).
        for cut in [1, 2, instructions.count / 2, instructions.count - 1] {
            #expect(Self.apply(Array(delta.dropLast(cut)), to: base) == nil, "cut \(cut)")
        }
    }
}
