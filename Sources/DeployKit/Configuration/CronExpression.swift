/// A five-field cron expression (minute hour day-of-month month day-of-week) as GitLab's deploy
/// freezes use them: numbers, `*`, ranges `a-b`, steps `*/n` and `a-b/n`, lists `a,b`, and month
/// and day names (`jan`, `mon-fri`). Day-of-week 7 is Sunday too.
public struct CronExpression: Sendable, Equatable {
    public let text: String
    public let minutes: Set<Int>
    public let hours: Set<Int>
    public let daysOfMonth: Set<Int>
    public let months: Set<Int>
    public let daysOfWeek: Set<Int>
    /// Cron's rule: when both day fields are restricted, a day matches if either does.
    public let dayOfMonthRestricted: Bool
    public let dayOfWeekRestricted: Bool

    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    private static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    public init(_ text: String) throws(ParseError) {
        self.text = text
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ParseError(reason: "'\(text)' has \(fields.count) field\(fields.count == 1 ? "" : "s"); cron needs 5 (minute hour day-of-month month day-of-week)")
        }
        minutes = try Self.parseField(fields[0], name: "minute", range: 0...59, names: [])
        hours = try Self.parseField(fields[1], name: "hour", range: 0...23, names: [])
        daysOfMonth = try Self.parseField(fields[2], name: "day-of-month", range: 1...31, names: [])
        months = try Self.parseField(fields[3], name: "month", range: 1...12, names: Self.monthNames, nameBase: 1)
        let weekdays = try Self.parseField(fields[4], name: "day-of-week", range: 0...7, names: Self.dayNames)
        daysOfWeek = Set(weekdays.map { $0 == 7 ? 0 : $0 })
        dayOfMonthRestricted = fields[2] != "*" && fields[2] != "?"
        dayOfWeekRestricted = fields[4] != "*" && fields[4] != "?"
    }

    /// Whether the wall-clock minute described by these fields matches (weekday 0 = Sunday).
    public func matches(minute: Int, hour: Int, day: Int, month: Int, weekday: Int) -> Bool {
        guard minutes.contains(minute), hours.contains(hour), months.contains(month) else { return false }
        let dayOfMonth = daysOfMonth.contains(day)
        let dayOfWeek = daysOfWeek.contains(weekday)
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return dayOfMonth || dayOfWeek
        case (true, false): return dayOfMonth
        case (false, true): return dayOfWeek
        case (false, false): return true
        }
    }

    private static func parseField(_ field: String, name: String, range: ClosedRange<Int>, names: [String], nameBase: Int = 0) throws(ParseError) -> Set<Int> {
        var values = Set<Int>()
        for part in field.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw ParseError(reason: "empty list item in the \(name) field '\(field)'") }
            var body = Substring(part)
            var step = 1
            if let slash = part.firstIndex(of: "/") {
                guard let parsed = Int(part[part.index(after: slash)...]), parsed > 0 else {
                    throw ParseError(reason: "bad step in the \(name) field '\(part)'")
                }
                step = parsed
                body = part[..<slash]
            }
            let bounds: ClosedRange<Int>
            if body == "*" || body == "?" {
                bounds = range
            } else if let dash = body.firstIndex(of: "-") {
                let low = try value(body[..<dash], name: name, range: range, names: names, nameBase: nameBase)
                let high = try value(body[body.index(after: dash)...], name: name, range: range, names: names, nameBase: nameBase)
                guard low <= high else { throw ParseError(reason: "the \(name) range '\(body)' runs backwards") }
                bounds = low...high
            } else {
                let single = try value(body, name: name, range: range, names: names, nameBase: nameBase)
                // `5/15` means from 5 to the end in steps of 15, as in Vixie cron.
                bounds = single...(part.contains("/") ? range.upperBound : single)
            }
            values.formUnion(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
        }
        return values
    }

    private static func value(_ text: Substring, name: String, range: ClosedRange<Int>, names: [String], nameBase: Int) throws(ParseError) -> Int {
        if let index = names.firstIndex(of: text.lowercased()) { return index + nameBase }
        guard let number = Int(text) else { throw ParseError(reason: "'\(text)' is not a valid \(name)") }
        guard range.contains(number) else {
            throw ParseError(reason: "\(name) \(number) is out of range \(range.lowerBound)-\(range.upperBound)")
        }
        return number
    }
}
