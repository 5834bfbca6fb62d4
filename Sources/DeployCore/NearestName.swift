/// Nearest candidate by Levenshtein distance, nil when nothing is close (distance > max(2, input.count/3)). Reused for config-key suggestions.
///
/// Case-insensitive; on a tie the earlier candidate wins, so callers control preference by order.
public func nearestName(to input: String, in candidates: [String]) -> String? {
    let source = Array(input.lowercased())
    let limit = max(2, source.count / 3)
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = levenshtein(source, Array(candidate.lowercased()))
        if distance <= limit, distance < (best?.distance ?? Int.max) {
            best = (candidate, distance)
        }
    }
    return best?.name
}

/// Edit distance with unit-cost insertions, deletions and substitutions (two-row dynamic programme).
func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
