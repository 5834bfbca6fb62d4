import Foundation
import PropertyBased
import Testing
@testable import DeployKit

/// Whether a cron window is in force, minute by minute: walk every UTC minute in order, see which
/// wall-clock minute it is in the zone, and open or close the window when the start or end
/// expression fires there. A wall minute that spring-forward skips fires at the end of the gap; one
/// that fall-back repeats fires at its first occurrence only (FreezeCalendar's documented rule).
struct FreezeScan {
    let zone: TimeZone
    let start: CronCase, end: CronCase
    private var calendar = Calendar(identifier: .gregorian)
    private var dates: [Int: (day: Int, month: Int, weekday: Int)] = [:]

    init(zone: TimeZone, start: CronCase, end: CronCase) {
        self.zone = zone
        self.start = start
        self.end = end
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    }

    /// `inside[i]` for the minute starting at `from + 60 i`, for `count` minutes; the scan starts
    /// `lookback` seconds earlier so that the state is known when `from` comes.
    mutating func inside(from: Int, count: Int, lookback: Int) -> [Bool] {
        let first = from - lookback
        let total = lookback / 60 + count
        // Offsets from 2 h before the first minute, for the repeated-wall-minute check.
        let offsets = (-120..<total).map { zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(first + 60 * $0))) }
        func offset(_ minute: Int) -> Int { offsets[minute + 120] }

        var open = false
        var result: [Bool] = []
        result.reserveCapacity(count)
        for minute in 0..<total {
            let instant = first + 60 * minute
            let wall = instant + offset(minute)
            // The same wall minute 30, 60 or 120 minutes earlier: this is its repetition.
            let repeated = [30, 60, 120].contains { back in instant - 60 * back + offset(minute - back) == wall }
            let previousWall = instant - 60 + offset(minute - 1)
            let skipped = Array(stride(from: previousWall + 60, to: wall, by: 60))
            func fires(_ cron: CronCase) -> Bool {
                (!repeated && matches(cron, wall: wall)) || skipped.contains { matches(cron, wall: $0) }
            }
            if fires(end) { open = false } else if fires(start) { open = true }
            if minute >= lookback / 60 { result.append(open) }
        }
        return result
    }

    private mutating func matches(_ cron: CronCase, wall: Int) -> Bool {
        let dayNumber = Int((Double(wall) / 86_400).rounded(.down))
        let date = civilDate(dayNumber)
        let secondOfDay = wall - dayNumber * 86_400
        return cron.matches(minute: secondOfDay / 60 % 60, hour: secondOfDay / 3600, day: date.day, month: date.month, weekday: date.weekday)
    }

    private mutating func civilDate(_ dayNumber: Int) -> (day: Int, month: Int, weekday: Int) {
        if let known = dates[dayNumber] { return known }
        let parts = calendar.dateComponents([.day, .month, .weekday], from: Date(timeIntervalSince1970: TimeInterval(dayNumber * 86_400)))
        let date = (day: parts.day ?? 0, month: parts.month ?? 0, weekday: (parts.weekday ?? 1) - 1)
        dates[dayNumber] = date
        return date
    }
}

@Suite("properties: freeze windows against a minute-by-minute scan", .tags(.fast))
struct FreezeCalendarProperties {
    /// Hour and minute fields from lists, ranges and steps; sometimes a day-of-week list.
    static let windowCron: AnyGenerator<CronCase> = zip(CronField.generator(0...59, star: 0.05), CronField.generator(0...23, star: 0.05),
                                CronField.generator(0...7, names: CronCase.dayNames, star: 0.6))
        .map { minute, hour, weekday in
            CronCase(minute: minute, hour: hour, dayOfMonth: CronField(text: "*", items: [.init(low: 1, high: 31, step: 1)]),
                     month: CronField(text: "*", items: [.init(low: 1, high: 12, step: 1)]), dayOfWeek: weekday)
        }.eraseToAny()

    /// Days a week of 2026 is built around: both of Berlin's DST changes (29 March, 25 October), and two plain weeks.
    static let anchors = [
        (2026, 3, 29), (2026, 10, 25), (2026, 3, 29), (2026, 10, 25), (2026, 1, 14), (2026, 7, 2),
    ].map { year, month, day in
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? Date(timeIntervalSince1970: 0)
        return Int(date.timeIntervalSince1970)
    }

    // 20 weeks, about half in each zone and two thirds across a DST change: ~21,600 scanned
    // minutes and ~1,000 queried instants per week (each query searches back through the calendar).
    @Test("'inside a window' agrees with a minute-by-minute scan over a week, in UTC and Europe/Berlin across DST")
    func agreesWithScan() async throws {
        let week = zip(pick(Self.anchors), Gen.int(in: 0...6), Gen.int(in: 0...59))
            .map { anchor, daysBefore, second in (start: anchor - daysBefore * 86_400, second: second) }
        let input = zip(pick(["UTC", "Europe/Berlin"]), Self.windowCron, Self.windowCron, week)
        await propertyCheck(count: 20, input: input) { zoneName, start, end, week in
            guard let zone = TimeZone(identifier: zoneName) else {
                Issue.record("no time zone \(zoneName)")
                return
            }
            let calendar = try FreezeCalendar(windows: [.cron(start: start.text, end: end.text, timeZone: zoneName, origin: "test")])
            var scan = FreezeScan(zone: zone, start: start, end: end)
            let minutes = 7 * 24 * 60
            // Both expressions fire at least weekly, so eight days back settles the state.
            let inside = scan.inside(from: week.start, count: minutes, lookback: 8 * 86_400)
            // Every minute where the answer changes and the two around it, and every 12th minute.
            var queried = Set(stride(from: 0, to: minutes, by: 12))
            for minute in 1..<minutes where inside[minute] != inside[minute - 1] {
                queried.formUnion([minute - 1, minute, minute + 1].filter { $0 < minutes })
            }
            var disagreements: [String] = []
            for minute in queried.sorted() {
                let instant = Date(timeIntervalSince1970: TimeInterval(week.start + 60 * minute + week.second))
                if (calendar.activeFreeze(at: instant) != nil) != inside[minute] {
                    disagreements.append("\(ActiveFreeze.format(instant)) scan says \(inside[minute] ? "inside" : "outside")")
                }
            }
            #expect(disagreements.isEmpty, "'\(start.text)' → '\(end.text)' \(zoneName): \(disagreements.count) disagreements, first \(disagreements.prefix(3))")
        }
    }
}
