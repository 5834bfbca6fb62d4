/// Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian), after Howard
/// Hinnant's algorithms: no Calendar or time-zone objects, for code that runs per minute of a
/// freeze search or per history entry.
enum CivilDate {
    /// Division rounding toward negative infinity, for days and seconds before 1970.
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    /// The day number of a civil date.
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number; weekday 0 is Sunday (1970-01-01, day 0, was a Thursday).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64, weekday: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let weekday = (days % 7 + 7 + 4) % 7
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day, weekday)
    }
}
