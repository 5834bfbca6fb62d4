import TestSupport
import Testing
@testable import GitRepository

/// `HashTable` replaces `Dictionary` for the walk's and the delta cache's maps: against a
/// `Dictionary` as the model, any sequence of inserts, updates, removals and lookups must give
/// the same answers, also when many keys want the same slot (linear probing, removal by
/// shifting back) and while the table grows.
@Suite("HashTable behaves like Dictionary")
struct HashTableTests {
    /// The table's contents through `forEach`, which must list each key exactly once.
    private static func contents<Key: TableKey & Hashable, Value>(_ table: HashTable<Key, Value>) -> [Key: Value] {
        var contents: [Key: Value] = [:]
        var duplicates = 0
        table.forEach { key, value in
            if contents.updateValue(value, forKey: key) != nil { duplicates += 1 }
        }
        #expect(duplicates == 0)
        return contents
    }

    /// The inverse of the table's spreading constant modulo 2^64: keys `k &* inverse` all have
    /// the same home slot for small `k`, the worst case linear probing can meet.
    private static let inverse: UInt64 = {
        let constant: UInt64 = 0x9e37_79b9_7f4a_7c15
        var x = constant  // Newton's iteration doubles the correct low bits each step.
        for _ in 0..<6 { x = x &* (2 &- constant &* x) }
        return x
    }()

    /// Runs `steps` random operations on keys from `keys` against a Dictionary; every lookup,
    /// removal result and count must agree.
    private static func run<Key: TableKey & Hashable>(_ keys: [Key], steps: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        var table = HashTable<Key, Int>()
        var model: [Key: Int] = [:]
        var problems: [String] = []
        for step in 0..<steps {
            let key = keys[Int.random(in: 0..<keys.count, using: &random)]
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<45:
                table[key] = step
                model[key] = step
            case 45..<60:
                let removed = table.removeValue(forKey: key)
                if removed != model.removeValue(forKey: key) { problems.append("step \(step): removeValue(\(key)) gave \(String(describing: removed))") }
            case 60..<68:
                table[key] = nil
                model[key] = nil
            case 68..<75:
                let result = table.modify(key) { value -> Int in
                    value += 1
                    return value
                }
                if let old = model[key] { model[key] = old + 1 }
                if result != model[key] { problems.append("step \(step): modify(\(key)) gave \(String(describing: result))") }
            default:
                if table[key] != model[key] { problems.append("step \(step): [\(key)] gave \(String(describing: table[key])), expected \(String(describing: model[key]))") }
            }
            if table.count != model.count { problems.append("step \(step): count \(table.count), expected \(model.count)") }
            if problems.count > 5 { break }
        }
        // Every key, present or not, answers as the model does at the end.
        for key in keys where table[key] != model[key] {
            problems.append("end: [\(key)] gave \(String(describing: table[key])), expected \(String(describing: model[key]))")
        }
        if contents(table) != model { problems.append("end: forEach lists other entries than the model holds") }
        return problems
    }

    @Test("random operations on spread-out keys", arguments: [1, 2, 3] as [UInt64])
    func spreadKeys(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let keys = (0..<3000).map { _ in Int.random(in: Int.min...Int.max, using: &random) }
        let problems = Self.run(keys, steps: 40_000, seed: seed)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("random operations on small consecutive keys, as pack offsets and node numbers are")
    func smallKeys() {
        let problems = Self.run(Array(0..<500), steps: 30_000, seed: 4)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("keys that are multiples of a large power of two", arguments: [16, 32, 48, 56, 60] as [Int])
    func powerOfTwoKeys(shift: Int) {
        // Only the high bits differ: the spread must still tell them apart.
        let keys = (-300..<300).map { $0 << shift }
        let problems = Self.run(keys, steps: 20_000, seed: UInt64(shift))
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("keys that all want the same slot: long probe runs, removals from their middle")
    func collidingKeys() {
        // k * inverse spreads to k, whose top bits are zero for every k below 2^48: one home for all.
        let keys = (0..<400).map { Int(truncatingIfNeeded: UInt64($0) &* Self.inverse) }
        #expect(Int(truncatingIfNeeded: UInt64(bitPattern: Int64(keys[7])) &* 0x9e37_79b9_7f4a_7c15) == 7)
        let problems = Self.run(keys, steps: 20_000, seed: 6)
        #expect(problems.isEmpty, "\(problems)")
        // Two clusters whose runs wrap around the end of the table and meet.
        let wrapping = (0..<200).map { Int(truncatingIfNeeded: (UInt64.max - UInt64($0)) &* Self.inverse) }
            + (0..<200).map { Int(truncatingIfNeeded: UInt64($0) &* Self.inverse) }
        let more = Self.run(wrapping, steps: 20_000, seed: 7)
        #expect(more.isEmpty, "\(more)")
    }

    @Test("growth keeps every entry: fill, then empty in another order")
    func growthAndDrain() {
        var table = HashTable<Int, Int>()
        var random = SeededRandom(seed: 8)
        let keys = (0..<20_000).map { _ in Int.random(in: 0..<(1 << 40), using: &random) << 8 }
        var model: [Int: Int] = [:]
        for (n, key) in keys.enumerated() {
            table[key] = n
            model[key] = n
        }
        #expect(table.count == model.count)
        #expect(Self.contents(table) == model)
        var order = Array(model.keys)
        order.shuffle(using: &random)
        for (n, key) in order.enumerated() {
            #expect(table.removeValue(forKey: key) == model[key])
            if n % 1000 == 0 {
                // What is left is still all found.
                for other in order[(n + 1)...].prefix(200) where table[other] != model[other] {
                    Issue.record("after \(n + 1) removals, \(other) is lost")
                }
            }
        }
        #expect(table.count == 0)
        #expect(Self.contents(table).isEmpty)
        #expect(table[keys[0]] == nil)
        // A drained table is still usable.
        table[5] = 1
        #expect(table[5] == 1)
        #expect(table.count == 1)
    }

    @Test("object ids that share their first eight bytes are still different keys")
    func objectIDsSharingBits() {
        // The table places an id by its first eight bytes only: ids equal there all collide.
        var random = SeededRandom(seed: 9)
        var keys: [ObjectID] = []
        for group in 0..<8 {
            let high = UInt64.random(in: 0...UInt64.max, using: &random)
            for n in 0..<60 {
                keys.append(ObjectID(high: high, middle: UInt64(n) << 32 | UInt64(group), low: UInt32(truncatingIfNeeded: n &* 7)))
            }
        }
        keys += (0..<200).map { _ in
            ObjectID(high: UInt64.random(in: 0...UInt64.max, using: &random), middle: UInt64.random(in: 0...UInt64.max, using: &random),
                     low: UInt32.random(in: 0...UInt32.max, using: &random))
        }
        let problems = Self.run(keys, steps: 30_000, seed: 10)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("values that are tuples and classes, as the delta cache keeps them")
    func structuredValues() {
        final class Box {
            let value: Int
            init(_ value: Int) { self.value = value }
        }
        var table = HashTable<Int, (box: Box, used: Int)>()
        for n in 0..<100 { table[n << 10 | 3] = (Box(n), n) }
        let changed = table.modify(50 << 10 | 3) { entry -> Int in
            entry.used = 1000
            return entry.box.value
        }
        #expect(changed == 50)
        #expect(table[50 << 10 | 3]?.used == 1000)
        #expect(table.modify(7) { _ in 1 } == nil)
        #expect(table[7] == nil)
        var sum = 0
        table.forEach { _, entry in sum += entry.box.value }
        #expect(sum == (0..<100).reduce(0, +))
    }
}
