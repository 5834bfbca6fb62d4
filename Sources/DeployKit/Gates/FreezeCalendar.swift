import Foundation

/// A freeze window that is in force at some instant, with when it began and when it lifts.
public struct ActiveFreeze: Sendable, Equatable {
    public let window: FreezeWindow
    /// `from` of a fixed window; the start-expression match of a cron window.
    public let startedAt: Date
    /// `to` of a fixed window; the next end-expression match of a cron window, nil when none
    /// falls within the search horizon (a cron such as `0 0 30 2 *` never matches).
    public let endsAt: Date?

    public init(window: FreezeWindow, startedAt: Date, endsAt: Date?) {
        self.window = window
        self.startedAt = startedAt
        self.endsAt = endsAt
    }

    /// "freeze .deploy.yml:12 (0 18 * * 5 → 0 8 * * 1, Europe/Berlin) until 2026-03-02T07:00:00Z"
    public var description: String {
        let until = endsAt.map { " until " + ActiveFreeze.format($0) } ?? " with no end in sight"
        switch window {
        case let .fixed(from, to, origin):
            return "freeze \(origin) (\(ActiveFreeze.format(from)) → \(ActiveFreeze.format(to)))\(until)"
        case let .cron(start, end, timeZone, origin):
            return "freeze \(origin) ('\(start)' → '\(end)', \(timeZone)) since \(ActiveFreeze.format(startedAt))\(until)"
        }
    }

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}

/// Answers "is this instant inside a freeze window?" (DESIGN §7). Fixed windows are half-open,
/// `from ≤ t < to`. Cron windows follow GitLab's deploy freezes: a freeze opens at each minute
/// matching `start` and closes at the next minute matching `end`, both read as wall-clock time in
/// the window's time zone; so `t` is inside when the latest start match at or before `t` is later
/// than the latest end match at or before `t`.
///
/// Wall-clock minutes become instants the way Vixie cron fires them across DST changes: a minute
/// the spring-forward gap skips happens at the end of the gap (02:30 → 03:00), and a minute the
/// fall-back hour repeats happens once, at its first occurrence.
public struct FreezeCalendar: Sendable {
    private enum Compiled: Sendable {
        case fixed(from: Date, to: Date)
        case cron(start: CronExpression, end: CronExpression, zone: TimeZone)
    }

    public let windows: [FreezeWindow]
    private let compiled: [Compiled]

    /// How far back a start (and forward an end) is looked for: four years and a day, so that a
    /// leap-day expression (`0 0 29 2 *`) is still found.
    static let horizonDays = 4 * 366 + 1

    /// Parses every window's cron expressions and time zone once; a bad one names the window.
    public init(windows: [FreezeWindow]) throws(DeployError) {
        self.windows = windows
        var compiled: [Compiled] = []
        for window in windows {
            switch window {
            case let .fixed(from, to, _):
                compiled.append(.fixed(from: from, to: to))
            case let .cron(start, end, zoneName, origin):
                guard let zone = TimeZone(identifier: zoneName) else {
                    throw DeployError.badInput("\(origin): unknown time zone '\(zoneName)'", hint: "use an IANA name such as Europe/Berlin or UTC")
                }
                do {
                    compiled.append(.cron(start: try CronExpression(start), end: try CronExpression(end), zone: zone))
                } catch {
                    throw DeployError.badInput("\(origin): invalid freeze cron expression: \(error.reason)")
                }
            }
        }
        self.compiled = compiled
    }

    /// The first window (in configuration order) in force at `instant`, or nil.
    public func activeFreeze(at instant: Date) -> ActiveFreeze? {
        for (window, rule) in zip(windows, compiled) {
            switch rule {
            case let .fixed(from, to):
                if from <= instant && instant < to { return ActiveFreeze(window: window, startedAt: from, endsAt: to) }
            case let .cron(start, end, zone):
                let clock = WallClock(zone: zone, near: instant)
                let now = Int64(instant.timeIntervalSince1970.rounded(.down))
                guard let opened = clock.latestMatch(of: start, atOrBefore: now, notBefore: nil) else { continue }
                // Any end match in [opened, now] closes it; an end in the same minute as the start wins.
                if clock.latestMatch(of: end, atOrBefore: now, notBefore: opened) != nil { continue }
                let closes = clock.earliestMatch(of: end, after: now)
                return ActiveFreeze(window: window, startedAt: Date(timeIntervalSince1970: TimeInterval(opened)),
                                    endsAt: closes.map { Date(timeIntervalSince1970: TimeInterval($0)) })
            }
        }
        return nil
    }
}

/// Wall-clock arithmetic in one time zone around one instant, in whole seconds since 1970.
/// Civil dates are computed arithmetically (days since the epoch ↔ year/month/day) so that a
/// search over four years of days costs microseconds; the time zone is consulted only to turn a
/// candidate wall-clock minute into an instant.
private struct WallClock {
    let zone: TimeZone
    /// The offset around the reference instant when no transition lies within a day and a half of
    /// it (the common case), so nearby candidates convert without asking the time zone.
    private let steadyOffset: Int64?
    private let steadyRange: ClosedRange<Int64>
    /// How far DST can move a wall time (3 h covers every zone's shift): candidates this close to
    /// the limit in wall-clock time are converted to instants before they are compared.
    private static let slack: Int64 = 3 * 3600

    init(zone: TimeZone, near instant: Date) {
        self.zone = zone
        let now = Int64(instant.timeIntervalSince1970.rounded(.down))
        let offset = WallClock.offset(zone, at: now)
        let span: Int64 = 36 * 3600
        let steady = WallClock.offset(zone, at: now - span) == offset && WallClock.offset(zone, at: now + span) == offset
        steadyOffset = steady ? offset : nil
        steadyRange = (now - span + offset + WallClock.slack)...(now + span + offset - WallClock.slack)
    }

    static func offset(_ zone: TimeZone, at instant: Int64) -> Int64 {
        Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
    }

    /// The wall-clock time at an instant.
    func wall(of instant: Int64) -> Int64 {
        if let steadyOffset, steadyRange.contains(instant + steadyOffset) { return instant + steadyOffset }
        return instant + WallClock.offset(zone, at: instant)
    }

    /// The instant a wall-clock time happens: the first occurrence when the fall-back hour repeats
    /// it, the end of the gap when spring-forward skips it.
    func instant(ofWall wall: Int64) -> Int64 {
        if let steadyOffset, steadyRange.contains(wall) { return wall - steadyOffset }
        let before = WallClock.offset(zone, at: wall - 86_400), after = WallClock.offset(zone, at: wall + 86_400)
        let valid = Set([before, after]).map { wall - $0 }.filter { WallClock.offset(zone, at: $0) == wall - $0 }
        if let first = valid.min() { return first }
        // In the gap: the old offset puts the wall time after the transition, the new one before
        // it; find the transition between them (a few hours, to the second).
        var low = wall - max(before, after), high = wall - min(before, after)
        let old = WallClock.offset(zone, at: low)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if WallClock.offset(zone, at: middle) == old { low = middle } else { high = middle }
        }
        return high
    }

    /// The latest instant ≤ `limit` (and ≥ `floor`, when given) whose wall-clock minute matches.
    /// Candidates are walked newest first in wall-clock order, which is instant order too.
    func latestMatch(of cron: CronExpression, atOrBefore limit: Int64, notBefore floor: Int64?) -> Int64? {
        let hours = cron.hours.sorted(by: >), minutes = cron.minutes.sorted(by: >)
        let startWall = wall(of: limit) + WallClock.slack
        let floorWall = floor.map { wall(of: $0) - WallClock.slack }
        let firstDay = WallClock.floorDiv(startWall, 86_400)
        for day in stride(from: firstDay, to: firstDay - Int64(FreezeCalendar.horizonDays), by: -1) {
            let dayStart = day * 86_400
            if let floorWall, dayStart + 86_400 < floorWall { return nil }
            guard let date = WallClock.matchingDay(day, cron) else { continue }
            for hour in hours {
                for minute in minutes {
                    let wall = dayStart + Int64(hour) * 3600 + Int64(minute) * 60
                    guard wall <= startWall else { continue }
                    guard cron.matches(minute: minute, hour: hour, day: date.day, month: date.month, weekday: date.weekday) else { continue }
                    let when = instant(ofWall: wall)
                    guard when <= limit else { continue }
                    if let floor, when < floor { return nil }
                    return when
                }
            }
        }
        return nil
    }

    /// The earliest instant > `limit` whose wall-clock minute matches.
    func earliestMatch(of cron: CronExpression, after limit: Int64) -> Int64? {
        let hours = cron.hours.sorted(), minutes = cron.minutes.sorted()
        let startWall = wall(of: limit) - WallClock.slack
        let firstDay = WallClock.floorDiv(startWall, 86_400)
        for day in firstDay..<(firstDay + Int64(FreezeCalendar.horizonDays)) {
            guard let date = WallClock.matchingDay(day, cron) else { continue }
            for hour in hours {
                for minute in minutes {
                    let wall = day * 86_400 + Int64(hour) * 3600 + Int64(minute) * 60
                    guard wall >= startWall else { continue }
                    guard cron.matches(minute: minute, hour: hour, day: date.day, month: date.month, weekday: date.weekday) else { continue }
                    let when = instant(ofWall: wall)
                    if when > limit { return when }
                }
            }
        }
        return nil
    }

    /// The civil date of a day number when the expression can match on that day at all.
    private static func matchingDay(_ day: Int64, _ cron: CronExpression) -> (day: Int, month: Int, weekday: Int)? {
        let date = civil(fromDays: day)
        guard let hour = cron.hours.min(), let minute = cron.minutes.min(),
              cron.matches(minute: minute, hour: hour, day: date.day, month: date.month, weekday: date.weekday) else { return nil }
        return date
    }

    static func civil(fromDays days: Int64) -> (day: Int, month: Int, weekday: Int) {
        let date = CivilDate.civil(fromDays: days)
        return (Int(date.day), Int(date.month), Int(date.weekday))
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        CivilDate.floorDivide(a, b)
    }
}
