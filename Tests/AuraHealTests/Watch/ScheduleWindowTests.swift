@testable import AuraHeal
import XCTest

/// `aura.schedule.hours` / `aura.schedule.days`: parsing, "is inside" and "next opening",
/// in UTC so the results do not depend on the machine's time zone.
final class ScheduleWindowTests: XCTestCase {
    /// 1970-01-01 was a Thursday; day 2 (Jan 3) a Saturday.
    static func at(day: Int, hour: Int, minute: Int = 0) -> Double { Double(day * 86_400 + hour * 3600 + minute * 60) }

    func window(_ hours: String?, _ days: String? = nil) throws -> ScheduleWindow {
        ScheduleWindow(hours: try hours.map { try XCTUnwrap(ScheduleWindow.parseHours($0)) } ?? [],
                       days: try days.map { try XCTUnwrap(ScheduleWindow.parseDays($0)) } ?? [], utcOffset: 0)
    }

    func testHoursThatWrapMidnight() throws {
        let night = try window("22-4")
        XCTAssertTrue(night.contains(Self.at(day: 0, hour: 22)))
        XCTAssertTrue(night.contains(Self.at(day: 0, hour: 23, minute: 59)))
        XCTAssertTrue(night.contains(Self.at(day: 1, hour: 0)))
        XCTAssertTrue(night.contains(Self.at(day: 1, hour: 3, minute: 59)))
        XCTAssertFalse(night.contains(Self.at(day: 1, hour: 4)), "the end hour is excluded")
        XCTAssertFalse(night.contains(Self.at(day: 1, hour: 12)))
        XCTAssertFalse(night.contains(Self.at(day: 1, hour: 21, minute: 59)))
    }

    func testSeveralRangesAndAWholeDay() throws {
        let split = try window("9-12,14-17")
        XCTAssertTrue(split.contains(Self.at(day: 0, hour: 9)))
        XCTAssertFalse(split.contains(Self.at(day: 0, hour: 12)))
        XCTAssertTrue(split.contains(Self.at(day: 0, hour: 16)))
        XCTAssertTrue(try window("0-24").contains(Self.at(day: 0, hour: 23)))
        XCTAssertTrue(try window("22-24").contains(Self.at(day: 0, hour: 23)))
        XCTAssertFalse(try window("22-24").contains(Self.at(day: 1, hour: 0)))
    }

    func testDaysAndDayRanges() throws {
        XCTAssertEqual(ScheduleWindow.parseDays("sat,sun"), [6, 0])
        XCTAssertEqual(ScheduleWindow.parseDays("mon-fri"), [1, 2, 3, 4, 5])
        XCTAssertEqual(ScheduleWindow.parseDays("fri-mon"), [5, 6, 0, 1], "a range may wrap the week")
        XCTAssertEqual(ScheduleWindow.parseDays("Saturday, sunday"), [6, 0])
        let weekend = try window(nil, "sat,sun")
        XCTAssertFalse(weekend.contains(Self.at(day: 1, hour: 12)), "a Friday")
        XCTAssertTrue(weekend.contains(Self.at(day: 2, hour: 12)), "a Saturday")
        XCTAssertTrue(weekend.contains(Self.at(day: 3, hour: 23)), "a Sunday")
        XCTAssertFalse(weekend.contains(Self.at(day: 4, hour: 0)), "a Monday")
    }

    func testDaysAreJudgedByTheMomentsOwnDate() throws {
        let nights = try window("22-4", "sun")
        XCTAssertTrue(nights.contains(Self.at(day: 3, hour: 23)), "Sunday 23:00")
        XCTAssertTrue(nights.contains(Self.at(day: 3, hour: 1)), "Sunday 01:00")
        XCTAssertFalse(nights.contains(Self.at(day: 4, hour: 1)), "Monday 01:00")
    }

    func testInvalidValuesAreRefused() {
        for bad in ["", "22", "25-3", "3-3", "a-b", "22-4,", "-4", "9-12;14-17", "24-2"] {
            XCTAssertNil(ScheduleWindow.parseHours(bad), bad)
        }
        for bad in ["", "sa", "funday", "sat,,sun", "mon-", "mon-tue-wed"] {
            XCTAssertNil(ScheduleWindow.parseDays(bad), bad)
        }
    }

    func testNextOpening() throws {
        let night = try window("22-4")
        XCTAssertEqual(night.nextOpening(after: Self.at(day: 0, hour: 12, minute: 30)), Self.at(day: 0, hour: 22))
        XCTAssertEqual(night.nextOpening(after: Self.at(day: 1, hour: 2)), Self.at(day: 1, hour: 2), "inside: now")
        let weekendNights = try window("22-4", "sat,sun")
        XCTAssertEqual(weekendNights.nextOpening(after: Self.at(day: 0, hour: 12)), Self.at(day: 2, hour: 0), "Thursday → Saturday 00:00")
        XCTAssertEqual(weekendNights.nextOpening(after: Self.at(day: 2, hour: 5)), Self.at(day: 2, hour: 22))
        XCTAssertEqual(ScheduleWindow(utcOffset: 0).nextOpening(after: 1234), 1234, "no schedule: always open")
    }

    func testAnOffsetShiftsTheLocalHours() throws {
        var night = try window("22-4")
        night.utcOffset = 3600
        XCTAssertTrue(night.contains(Self.at(day: 0, hour: 21)), "21:00 UTC is 22:00 at UTC+1")
        XCTAssertEqual(night.nextOpening(after: Self.at(day: 0, hour: 12)), Self.at(day: 0, hour: 21))
    }

    func testDescribe() throws {
        let night = try window("22-4")
        XCTAssertEqual(night.describe(Self.at(day: 0, hour: 22), now: Self.at(day: 0, hour: 12)), "22:00")
        XCTAssertEqual(night.describe(Self.at(day: 2, hour: 22), now: Self.at(day: 0, hour: 12)), "sat 22:00")
    }
}
