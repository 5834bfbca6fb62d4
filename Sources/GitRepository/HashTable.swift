/// A key a `HashTable` places by 64 bits the key already has, with no hasher to run.
protocol TableKey: Equatable {
    var tableBits: UInt64 { get }
}

extension ObjectID: TableKey {
    // An id is a SHA-1: any eight of its bytes are already evenly spread.
    var tableBits: UInt64 { high }
}

extension Int: TableKey {
    var tableBits: UInt64 { UInt64(bitPattern: Int64(self)) }
}

/// An open-addressing hash table (linear probing, deletion by shifting back) for the maps a
/// walk consults for every commit and tree: object ids to nodes and trees, pack offsets to
/// delta bases. Swift's `Dictionary` runs a seeded SipHash over every key it looks up, which
/// cost about 8% of a 10,000-commit scan; here a key's own bits, multiplied by a Fibonacci
/// constant to spread them over the table, say where it goes.
struct HashTable<Key: TableKey, Value> {
    private var keys: [Key?]
    private var values: [Value?]
    private(set) var count = 0
    // The table has 2^(64 - shift) slots; a slot is the top bits of the key's spread bits.
    private var shift: UInt64

    init() {
        keys = Array(repeating: nil, count: 16)
        values = Array(repeating: nil, count: 16)
        shift = 60
    }

    private var mask: Int { keys.count - 1 }

    private func home(_ key: Key) -> Int {
        Int(truncatingIfNeeded: (key.tableBits &* 0x9e37_79b9_7f4a_7c15) >> shift)
    }

    private func slot(of key: Key) -> Int? {
        var index = home(key)
        while let candidate = keys[index] {
            if candidate == key { return index }
            index = (index + 1) & mask
        }
        return nil
    }

    subscript(key: Key) -> Value? {
        get { slot(of: key).flatMap { values[$0] } }
        set {
            if let newValue { insert(newValue, for: key) } else { removeValue(forKey: key) }
        }
    }

    /// Changes the value of `key` in place; nil (and nothing changed) when it is absent.
    @discardableResult
    mutating func modify<Result>(_ key: Key, _ body: (inout Value) -> Result) -> Result? {
        guard let index = slot(of: key) else { return nil }
        return body(&values[index]!)
    }

    private mutating func insert(_ value: Value, for key: Key) {
        if let index = slot(of: key) {
            values[index] = value
            return
        }
        // At most half full, so that a probe stays short.
        if (count + 1) * 2 > keys.count { grow() }
        var index = home(key)
        while keys[index] != nil { index = (index + 1) & mask }
        keys[index] = key
        values[index] = value
        count += 1
    }

    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        guard var hole = slot(of: key) else { return nil }
        let removed = values[hole]
        keys[hole] = nil
        values[hole] = nil
        count -= 1
        // Close the hole: a later key of the same run moves back into it unless its home lies
        // after the hole (cyclically), where a probe starting at home would still find it.
        var index = hole
        while true {
            index = (index + 1) & mask
            guard let candidate = keys[index] else { break }
            let distanceFromHome = (index - home(candidate)) & mask
            let distanceFromHole = (index - hole) & mask
            if distanceFromHome >= distanceFromHole {
                keys[hole] = candidate
                values[hole] = values[index]
                keys[index] = nil
                values[index] = nil
                hole = index
            }
        }
        return removed
    }

    /// Every key with its value, in no particular order.
    func forEach(_ body: (Key, Value) -> Void) {
        for index in keys.indices {
            if let key = keys[index], let value = values[index] { body(key, value) }
        }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: nil, count: oldKeys.count * 2)
        values = Array(repeating: nil, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for index in oldKeys.indices {
            if let key = oldKeys[index], let value = oldValues[index] { insert(value, for: key) }
        }
    }
}
