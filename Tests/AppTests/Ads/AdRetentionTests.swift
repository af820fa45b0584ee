import Ads
import DatabaseTestBed
import Fluent
import Foundation
import Localization
import SQLKit
import Schema
import Site
import Testing
import Vapor

@testable import App

/// Retention as the site runs it: the job on demand, and its setting. The roll-up itself is tested in AdsTests.
@Suite struct AdRetentionTests {
    static let day: TimeInterval = 86_400

    @Test(arguments: DatabaseKind.underTest)
    func runJobsRollsUpOnDemand(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            let ads = try await app.db.makeAds(count: 1)
            let old = Date().addingTimeInterval(-120 * Self.day)
            try await GroupCommitAdTracker(database: app.db).record([
                AdEvent(kind: .click, adID: ads[0].id!, placement: .sidebar, userAgent: nil, ip: nil, at: old)
            ])
            try await app.runCommand("run-jobs", "--job", "roll-up-ad-events")
            #expect(try await AdClick.query(on: app.db).count() == 0)
            #expect(
                try await app.db.adDailyCounts() == [
                    "\(ads[0].id!)/sidebar/\(SiteClock.dayKey(old))": AdDailyCount(impressions: 0, clicks: 1)
                ])
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func theRetentionSettingIsBoundedAndReadByTheJob(_ kind: DatabaseKind) async throws {
        try await withApp(kind) { app in
            #expect(SettingsAdministration.problem(with: "0", for: .adsEventRetentionDays) == .notADayCount)
            #expect(SettingsAdministration.problem(with: "3651", for: .adsEventRetentionDays) == .notADayCount)
            #expect(SettingsAdministration.problem(with: "30", for: .adsEventRetentionDays) == nil)
            #expect(try await AdsScheduler.retentionDays(on: app.db) == 90)
            try await AdminSetting(key: KnownSetting.adsEventRetentionDays.rawValue, value: "7").create(on: app.db)
            #expect(try await AdsScheduler.retentionDays(on: app.db) == 7)
        }
    }
}
