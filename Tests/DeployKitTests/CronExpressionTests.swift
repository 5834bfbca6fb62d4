import Testing
@testable import DeployKit

@Suite("cron expressions match like Vixie cron", .tags(.fast))
struct CronExpressionTests {
    @Test("ranges, steps and lists")
    func fields() throws {
        let cron = try CronExpression("0,30 9-17/2 * * *")
        #expect(cron.minutes == [0, 30])
        #expect(cron.hours == [9, 11, 13, 15, 17])
        #expect(try CronExpression("*/15 * * * *").minutes == [0, 15, 30, 45])
        #expect(try CronExpression("5/20 * * * *").minutes == [5, 25, 45])
        #expect(try CronExpression("1-3,10 * * * *").minutes == [1, 2, 3, 10])
    }

    @Test("month and day names, any case")
    func names() throws {
        let cron = try CronExpression("0 0 * JAN-mar mon-FRI")
        #expect(cron.months == [1, 2, 3])
        #expect(cron.daysOfWeek == [1, 2, 3, 4, 5])
        #expect(try CronExpression("0 0 * dec sun").months == [12])
    }

    @Test("7 is Sunday, like 0")
    func sevenIsSunday() throws {
        let cron = try CronExpression("0 0 * * 7")
        #expect(cron.daysOfWeek == [0])
        #expect(cron.matches(minute: 0, hour: 0, day: 4, month: 1, weekday: 0))
        #expect(try CronExpression("0 0 * * 5-7").daysOfWeek == [0, 5, 6])
    }

    @Test("both day fields restricted: either matches (the dom/dow OR rule)")
    func dayOrRule() throws {
        let cron = try CronExpression("0 12 13 * 5")
        #expect(cron.matches(minute: 0, hour: 12, day: 13, month: 6, weekday: 2))   // the 13th, a Tuesday
        #expect(cron.matches(minute: 0, hour: 12, day: 7, month: 6, weekday: 5))    // a Friday, the 7th
        #expect(!cron.matches(minute: 0, hour: 12, day: 7, month: 6, weekday: 4))
        // Only one restricted: that one decides.
        let onlyWeekday = try CronExpression("0 12 * * 5")
        #expect(!onlyWeekday.matches(minute: 0, hour: 12, day: 13, month: 6, weekday: 2))
        let onlyDay = try CronExpression("0 12 13 * *")
        #expect(!onlyDay.matches(minute: 0, hour: 12, day: 7, month: 6, weekday: 5))
    }

    @Test("minute, hour and month must all match")
    func allFields() throws {
        let cron = try CronExpression("30 8 * 6 *")
        #expect(cron.matches(minute: 30, hour: 8, day: 1, month: 6, weekday: 3))
        #expect(!cron.matches(minute: 31, hour: 8, day: 1, month: 6, weekday: 3))
        #expect(!cron.matches(minute: 30, hour: 9, day: 1, month: 6, weekday: 3))
        #expect(!cron.matches(minute: 30, hour: 8, day: 1, month: 7, weekday: 3))
    }

    @Test("malformed expressions are refused with a reason", arguments: [
        "* * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * * 13 *", "* * * * 8",
        "5-1 * * * *", "*/0 * * * *", "1,,2 * * * *", "* * * foo *", "a * * * *",
    ])
    func malformed(text: String) {
        #expect(throws: CronExpression.ParseError.self) { try CronExpression(text) }
    }
}
