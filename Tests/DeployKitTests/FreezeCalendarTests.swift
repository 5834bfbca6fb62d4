import Foundation
import Testing
@testable import DeployKit

@Suite("freeze windows: fixed instants and GitLab-style cron windows", .tags(.fast))
struct FreezeCalendarTests {
    static func instant(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { fatalError("bad test instant \(text)") }
        return date
    }

    func active(_ windows: [FreezeWindow], at text: String) throws -> ActiveFreeze? {
        try FreezeCalendar(windows: windows).activeFreeze(at: Self.instant(text))
    }

    @Test("fixed windows are half-open: from ≤ t < to")
    func fixed() throws {
        let window = FreezeWindow.fixed(from: Self.instant("2026-12-24T00:00:00Z"), to: Self.instant("2026-12-27T00:00:00Z"), origin: ".deploy.yml:5")
        #expect(try active([window], at: "2026-12-23T23:59:59Z") == nil)
        #expect(try active([window], at: "2026-12-24T00:00:00Z")?.endsAt == Self.instant("2026-12-27T00:00:00Z"))
        #expect(try active([window], at: "2026-12-26T23:59:59Z") != nil)
        #expect(try active([window], at: "2026-12-27T00:00:00Z") == nil)
    }

    static let weekend = FreezeWindow.cron(start: "0 18 * * 5", end: "0 8 * * 1", timeZone: "Europe/Berlin", origin: ".deploy.yml:9")

    @Test("a weekend freeze from Friday 18:00 to Monday 08:00 Berlin time", arguments: [
        ("2026-03-06T16:59:00Z", false),  // Friday 17:59 CET
        ("2026-03-06T17:00:00Z", true),   // Friday 18:00 CET
        ("2026-03-08T12:00:00Z", true),   // Sunday
        ("2026-03-09T06:59:59Z", true),   // Monday 07:59:59 CET
        ("2026-03-09T07:00:00Z", false),  // Monday 08:00 CET: the end minute is outside
        ("2026-03-11T12:00:00Z", false),  // Wednesday
    ])
    func weekendFreeze(time: String, inside: Bool) throws {
        let result = try active([Self.weekend], at: time)
        #expect((result != nil) == inside)
    }

    @Test("the match says when the freeze began and when it lifts")
    func startAndEnd() throws {
        let result = try #require(try active([Self.weekend], at: "2026-03-08T12:00:00Z"))
        #expect(result.startedAt == Self.instant("2026-03-06T17:00:00Z"))
        #expect(result.endsAt == Self.instant("2026-03-09T07:00:00Z"))
        #expect(result.description.contains(".deploy.yml:9"))
        #expect(result.description.contains("2026-03-09T07:00:00Z"))
    }

    @Test("a 02:30 start on the spring-forward day happens when the gap ends (03:00 CEST)")
    func springForward() throws {
        // Europe/Berlin skips 02:00–03:00 on 2026-03-29 (01:00Z).
        let window = FreezeWindow.cron(start: "30 2 * * *", end: "0 4 * * *", timeZone: "Europe/Berlin", origin: "x")
        #expect(try active([window], at: "2026-03-29T00:59:00Z") == nil)       // 01:59 CET
        let inside = try #require(try active([window], at: "2026-03-29T01:10:00Z"))  // 03:10 CEST
        #expect(inside.startedAt == Self.instant("2026-03-29T01:00:00Z"))
        #expect(inside.endsAt == Self.instant("2026-03-29T02:00:00Z"))        // 04:00 CEST
        #expect(try active([window], at: "2026-03-29T02:00:00Z") == nil)
        // The day before, the same window is 02:30–04:00 CET.
        #expect(try active([window], at: "2026-03-28T01:29:00Z") == nil)
        #expect(try active([window], at: "2026-03-28T01:30:00Z") != nil)
    }

    @Test("an end across the fall-back hour counts real time, in the zone's new offset")
    func fallBack() throws {
        // 2026-10-25 in Berlin: 03:00 CEST becomes 02:00 CET (01:00Z). Saturday 22:00 CEST → Sunday 06:00 CET is 9 hours.
        let window = FreezeWindow.cron(start: "0 22 * * 6", end: "0 6 * * 0", timeZone: "Europe/Berlin", origin: "x")
        let inside = try #require(try active([window], at: "2026-10-25T04:30:00Z"))   // 05:30 CET
        #expect(inside.startedAt == Self.instant("2026-10-24T20:00:00Z"))
        #expect(inside.endsAt == Self.instant("2026-10-25T05:00:00Z"))
        #expect(try active([window], at: "2026-10-25T05:00:00Z") == nil)
    }

    @Test("a wall time the fall-back hour repeats happens once, the first time")
    func repeatedHour() throws {
        let window = FreezeWindow.cron(start: "0 2 * * *", end: "30 2 * * *", timeZone: "Europe/Berlin", origin: "x")
        #expect(try active([window], at: "2026-10-25T00:15:00Z") != nil)   // first 02:15 (CEST)
        #expect(try active([window], at: "2026-10-25T01:15:00Z") == nil)   // second 02:15 (CET)
    }

    @Test("time zones matter: the same cron in New York is five hours later than in UTC")
    func timeZone() throws {
        let newYork = FreezeWindow.cron(start: "0 9 * * *", end: "0 17 * * *", timeZone: "America/New_York", origin: "x")
        #expect(try active([newYork], at: "2026-01-15T10:00:00Z") == nil)   // 05:00 EST
        #expect(try active([newYork], at: "2026-01-15T15:00:00Z") != nil)   // 10:00 EST
    }

    @Test("a start with no end match since is still frozen; a rare leap-day start is found")
    func rareMatches() throws {
        let leap = FreezeWindow.cron(start: "0 0 29 2 *", end: "0 0 1 3 *", timeZone: "UTC", origin: "x")
        #expect(try active([leap], at: "2028-02-29T12:00:00Z") != nil)
        #expect(try active([leap], at: "2027-02-28T12:00:00Z") == nil)
        let never = FreezeWindow.cron(start: "0 0 1 1 *", end: "0 0 30 2 *", timeZone: "UTC", origin: "x")
        let open = try #require(try active([never], at: "2026-06-01T00:00:00Z"))
        #expect(open.endsAt == nil)
    }

    @Test("the first matching window is reported")
    func firstWindow() throws {
        let a = FreezeWindow.cron(start: "0 0 * * *", end: "0 1 * * *", timeZone: "UTC", origin: "a")
        let b = FreezeWindow.cron(start: "0 0 * * *", end: "0 2 * * *", timeZone: "UTC", origin: "b")
        #expect(try active([a, b], at: "2026-01-01T00:30:00Z")?.window == a)
        #expect(try active([a, b], at: "2026-01-01T01:30:00Z")?.window == b)
    }

    @Test("bad windows are errors naming their origin")
    func badWindow() {
        let window = FreezeWindow.cron(start: "0 0 * *", end: "0 1 * * *", timeZone: "UTC", origin: ".deploy.yml:3")
        #expect(throws: DeployError.self) { try FreezeCalendar(windows: [window]) }
        let zone = FreezeWindow.cron(start: "0 0 * * *", end: "0 1 * * *", timeZone: "Mars/Olympus", origin: ".deploy.yml:4")
        do {
            _ = try FreezeCalendar(windows: [zone])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains(".deploy.yml:4"))
        }
    }

    @Test("a check takes well under 5 ms, even for week-long and leap-day windows")
    func speed() throws {
        let calendar = try FreezeCalendar(windows: [
            Self.weekend,
            .cron(start: "0 0 29 2 *", end: "0 0 1 3 *", timeZone: "America/New_York", origin: "leap"),
            .cron(start: "*/5 * * * *", end: "*/7 * * * *", timeZone: "Europe/Berlin", origin: "busy"),
        ])
        let base = Self.instant("2026-03-01T00:00:00Z")
        let clock = ContinuousClock()
        let checks = 500
        let elapsed = clock.measure {
            for step in 0..<checks { _ = calendar.activeFreeze(at: base.addingTimeInterval(Double(step) * 3541)) }
        }
        let perCheck = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        #expect(perCheck / Double(checks) < 0.005, "took \(perCheck / Double(checks) * 1000) ms per check")
    }
}
