import Foundation

/// ISO 8601 UTC timestamps as history entries store them: `2026-05-01T10:00:00.123Z`.
///
/// Milliseconds keep deployments recorded within one second in order. Parsing is by hand because
/// `history` orders thousands of entries per run and ISO8601DateFormatter costs microseconds each.
public enum Timestamp {
    /// `date` as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
    public static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = CivilDate.floorDivide(milliseconds, 1000)
        let (year, month, day, _) = CivilDate.civil(fromDays: CivilDate.floorDivide(seconds, 86_400))
        let secondOfDay = seconds - CivilDate.floorDivide(seconds, 86_400) * 86_400
        return String(format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                      year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60,
                      milliseconds - seconds * 1000)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// Parses the bytes of a timestamp (see `parse(_:)`).
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Date? {
        var reader = Reader(bytes: bytes)
        guard let year = reader.digits(4), reader.take(UInt8(ascii: "-")),
              let month = reader.digits(2), reader.take(UInt8(ascii: "-")),
              let day = reader.digits(2), reader.take(UInt8(ascii: "T")) || reader.take(UInt8(ascii: "t")),
              let hour = reader.digits(2), reader.take(UInt8(ascii: ":")),
              let minute = reader.digits(2), reader.take(UInt8(ascii: ":")),
              let second = reader.digits(2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var fraction = 0.0
        if reader.take(UInt8(ascii: ".")) {
            var digits: Int64 = 0
            var scale = 1.0
            var count = 0
            while let digit = reader.digit() {
                // Digits past nanoseconds cannot change a Double of this size: read, not kept.
                if count < 9 { digits = digits * 10 + digit; scale *= 10 }
                count += 1
            }
            guard count > 0 else { return nil }
            fraction = Double(digits) / scale
        }
        var offset: Int64 = 0
        if reader.take(UInt8(ascii: "Z")) || reader.take(UInt8(ascii: "z")) {
            offset = 0
        } else if let sign = reader.sign(), let hours = reader.digits(2), reader.take(UInt8(ascii: ":")), let minutes = reader.digits(2) {
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return nil
        }
        guard reader.atEnd else { return nil }
        let days = CivilDate.days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        var atEnd: Bool { position == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func digit() -> Int64? {
            guard position < bytes.count, (48...57).contains(bytes[position]) else { return nil }
            position += 1
            return Int64(bytes[position - 1] - 48)
        }

        mutating func digits(_ count: Int) -> Int64? {
            var value: Int64 = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }

        mutating func sign() -> Int64? {
            if take(UInt8(ascii: "+")) { return 1 }
            if take(UInt8(ascii: "-")) { return -1 }
            return nil
        }
    }
}
