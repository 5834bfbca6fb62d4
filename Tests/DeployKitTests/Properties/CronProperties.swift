import PropertyBased
import Testing
@testable import DeployKit

/// A cron field written from random items, with the set of values it means computed the plain way.
struct CronField: Sendable, CustomStringConvertible {
    /// One list item: `low-high/step`, however it was spelled.
    struct Item: Sendable {
        let low: Int, high: Int, step: Int
        func contains(_ value: Int) -> Bool { low <= value && value <= high && (value - low) % step == 0 }
    }

    let text: String
    let items: [Item]
    var description: String { text }

    func contains(_ value: Int) -> Bool { items.contains { $0.contains(value) } }
    /// Cron's day rule looks at whether the field was written as `*`.
    var isRestricted: Bool { text != "*" }

    /// 1–3 items over `range`: a value, `a-b`, `*`, `*/n`, `a-b/n` or `a/n`; values sometimes by name.
    static func generator(_ range: ClosedRange<Int>, names: [String] = [], nameBase: Int = 0, star: Double = 0.15) -> AnyGenerator<CronField> {
        Generator { rng in
            if Double.random(in: 0..<1, using: &rng) < star { return CronField(text: "*", items: [Item(low: range.lowerBound, high: range.upperBound, step: 1)]) }
            func spell(_ value: Int) -> String {
                let index = value - nameBase
                guard names.indices.contains(index), Bool.random(using: &rng) else { return String(value) }
                return Bool.random(using: &rng) ? names[index] : names[index].uppercased()
            }
            var texts: [String] = [], items: [Item] = []
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let a = Int.random(in: range, using: &rng), b = Int.random(in: a...range.upperBound, using: &rng)
                let step = Int.random(in: 1...max(1, (range.count + 1) / 2), using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: texts.append(spell(a)); items.append(Item(low: a, high: a, step: 1))
                case 1: texts.append("\(spell(a))-\(spell(b))"); items.append(Item(low: a, high: b, step: 1))
                case 2: texts.append("*"); items.append(Item(low: range.lowerBound, high: range.upperBound, step: 1))
                case 3: texts.append("*/\(step)"); items.append(Item(low: range.lowerBound, high: range.upperBound, step: step))
                case 4: texts.append("\(spell(a))-\(spell(b))/\(step)"); items.append(Item(low: a, high: b, step: step))
                default: texts.append("\(spell(a))/\(step)"); items.append(Item(low: a, high: range.upperBound, step: step))
                }
            }
            return CronField(text: texts.joined(separator: ","), items: items)
        }.eraseToAny()
    }
}

/// Five random fields and what they match, checked value by value.
struct CronCase: Sendable, CustomStringConvertible {
    let minute: CronField, hour: CronField, dayOfMonth: CronField, month: CronField, dayOfWeek: CronField
    var text: String { "\(minute) \(hour) \(dayOfMonth) \(month) \(dayOfWeek)" }
    var description: String { text }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    static func generator(dayFieldStar: Double = 0.3) -> AnyGenerator<CronCase> {
        zip(CronField.generator(0...59), CronField.generator(0...23),
            CronField.generator(1...31, star: dayFieldStar), CronField.generator(1...12, names: monthNames, nameBase: 1),
            CronField.generator(0...7, names: dayNames, star: dayFieldStar))
            .map { CronCase(minute: $0, hour: $1, dayOfMonth: $2, month: $3, dayOfWeek: $4) }.eraseToAny()
    }

    /// Sunday may be written 0 or 7.
    func weekdayMatches(_ weekday: Int) -> Bool { dayOfWeek.contains(weekday) || (weekday == 0 && dayOfWeek.contains(7)) }

    func matches(minute m: Int, hour h: Int, day: Int, month mo: Int, weekday: Int) -> Bool {
        guard minute.contains(m), hour.contains(h), month.contains(mo) else { return false }
        switch (dayOfMonth.isRestricted, dayOfWeek.isRestricted) {
        case (true, true): return dayOfMonth.contains(day) || weekdayMatches(weekday)
        case (true, false): return dayOfMonth.contains(day)
        case (false, true): return weekdayMatches(weekday)
        case (false, false): return true
        }
    }
}

@Suite("properties: cron expressions", .tags(.fast))
struct CronProperties {
    @Test("an expression of lists, ranges, steps and names matches exactly what its fields say (300 expressions)")
    func matchesReference() async {
        let day = zip(Gen.int(in: 1...31), Gen.int(in: 1...12), Gen.int(in: 0...6))
        let minute = zip(Gen.int(in: 0...59), Gen.int(in: 0...23), day)
        await propertyCheck(count: 300, input: zip(CronCase.generator(), day.array(of: 3), minute.array(of: 200))) { cron, days, minutes in
            let expression: CronExpression
            do {
                expression = try CronExpression(cron.text)
            } catch {
                Issue.record("'\(cron.text)': \(error)")
                return
            }
            // Every minute of a few days, then minutes anywhere in the year.
            var disagreements: [String] = []
            for (day, month, weekday) in days {
                for hour in 0...23 {
                    for minute in 0...59 where expression.matches(minute: minute, hour: hour, day: day, month: month, weekday: weekday)
                        != cron.matches(minute: minute, hour: hour, day: day, month: month, weekday: weekday) {
                        disagreements.append("\(hour):\(minute) day \(day) month \(month) weekday \(weekday)")
                    }
                }
            }
            #expect(disagreements.isEmpty, "'\(cron.text)' disagrees at \(disagreements.prefix(3))")
            for (minute, hour, (day, month, weekday)) in minutes {
                #expect(expression.matches(minute: minute, hour: hour, day: day, month: month, weekday: weekday)
                        == cron.matches(minute: minute, hour: hour, day: day, month: month, weekday: weekday),
                        "'\(cron.text)' at \(hour):\(minute) day \(day) month \(month) weekday \(weekday)")
            }
        }
    }
}
