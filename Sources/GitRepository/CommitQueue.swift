/// The commits a walk has yet to visit, newest committer date first, and among equal dates
/// first in, first out: the order of Git's `commit_list_insert_by_date`, kept in a binary heap
/// instead of a sorted list.
struct CommitQueue {
    private struct Item {
        let date: Int64
        let sequence: Int
        let node: Int

        func comesBefore(_ other: Item) -> Bool {
            date != other.date ? date > other.date : sequence < other.sequence
        }
    }

    private var heap: [Item] = []
    private var sequence = 0

    var isEmpty: Bool { heap.isEmpty }

    /// The date of the commit `pop()` would return.
    var firstDate: Int64? { heap.first?.date }

    mutating func push(_ node: Int, date: Int64) {
        heap.append(Item(date: date, sequence: sequence, node: node))
        sequence += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].comesBefore(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Int? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < heap.count else { break }
                let right = left + 1
                let child = right < heap.count && heap[right].comesBefore(heap[left]) ? right : left
                guard heap[child].comesBefore(heap[parent]) else { break }
                heap.swapAt(child, parent)
                parent = child
            }
        }
        return first.node
    }
}
