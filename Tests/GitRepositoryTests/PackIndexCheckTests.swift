import Foundation
import Testing
@testable import GitRepository

/// The pack-index check's one-pass fast path and its entry-by-entry loop agree on which indexes
/// are sound, and the loop still names the first object out of range.
// Tagged like ObjectIDTests: the whole GitRepositoryTests target is outside the fast tier.
@Suite("pack index offsets are checked against the pack size", .tags(.repository))
struct PackIndexCheckTests {
    /// A version-2 index of `offsets.count` objects (ids 01…, 02…), with `large` 8-byte offsets.
    private func index(_ offsets: [UInt32], large: [UInt64] = []) -> [UInt8] {
        var bytes: [UInt8] = [0xff, 0x74, 0x4f, 0x63, 0, 0, 0, 2]
        func word(_ value: UInt32) { bytes += [24, 16, 8, 0].map { UInt8((value >> UInt32($0)) & 0xff) } }
        for _ in 0..<256 { word(UInt32(offsets.count)) }
        for index in offsets.indices { bytes += [UInt8(truncatingIfNeeded: index + 1)] + [UInt8](repeating: 0, count: 19) }
        for _ in offsets { word(0) }
        offsets.forEach(word)
        for value in large { word(UInt32(value >> 32)); word(UInt32(value & 0xffff_ffff)) }
        return bytes + [UInt8](repeating: 0, count: 40)
    }

    private func check(_ bytes: [UInt8], packSize: Int) -> (id: String, offset: UInt64)? {
        bytes.withUnsafeBytes { PackIndexCheck.firstBadOffset($0, packSize: packSize) }
    }

    @Test("offsets inside the pack, plain or through an 8-byte slot, pass")
    func sound() {
        #expect(check(index([12, 500, 979]), packSize: 1_000) == nil)
        #expect(check(index([12, 0x8000_0000], large: [900]), packSize: 1_000) == nil)
        #expect(check(index((0..<1_000).map { 12 + UInt32($0) }), packSize: 2_000) == nil)
    }

    @Test("the first offset in the header, past the trailer or through a missing slot is named", arguments: [
        ([12, 11, 20] as [UInt32], [] as [UInt64], 2, UInt64(11)),
        ([12, 980, 5_000], [], 2, 980),
        ([12, 13, 0x8000_0000], [1_000], 3, 1_000),
        ([12, 0x8000_0001], [900], 2, .max),
    ])
    func unsound(offsets: [UInt32], large: [UInt64], culprit: Int, offset: UInt64) {
        let problem = check(index(offsets, large: large), packSize: 1_000)
        #expect(problem?.id == String(format: "%02x", culprit) + String(repeating: "0", count: 38))
        #expect(problem?.offset == offset)
    }
}
