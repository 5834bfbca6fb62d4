/// A duration as people write one: seconds (`90`), or with a unit (`250ms`, `30s`, `10m`, `1h`).
/// `.deploy.yml` timeouts and `--wait-timeout` read the same way.
public enum DurationText {
    public static let hint = "write seconds (90) or use ms, s, m or h (250ms, 90s, 5m, 1h)"

    /// The seconds `text` says, nil when it is not a finite number with an optional unit.
    public static func seconds(_ text: String) -> Double? {
        var number = Substring(text)
        var scale = 1.0
        for (suffix, factor) in [("ms", 0.001), ("s", 1.0), ("m", 60.0), ("h", 3600.0)] where number.hasSuffix(suffix) {
            number = number.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = Double(number), value.isFinite else { return nil }
        // May overflow to infinity ("1e308h"): callers check their range, which excludes it.
        return value * scale
    }
}
