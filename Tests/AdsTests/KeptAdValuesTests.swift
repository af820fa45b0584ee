import DatabaseTestBed
import FluentKit
import Foundation
import SQLKit
import Schema
import Testing

@testable import Ads

/// An ad row holding a type or placement outside the site's enums, as `migrate --keep-values` keeps the original
/// app's (SQLite has no CHECK to stop a raw write of one either): it loads, is never served, and keeps its value
/// until the operator sets another.
@Suite struct KeptAdValuesTests {
    /// Two active ads, the first moved to a placement the site doesn't know, on a table without the CHECK.
    static func adInAnUnknownPlacement(_ database: any Database) async throws -> (kept: Int, known: Int) {
        let ads = try await database.makeAds(count: 2)
        let sql = try #require(database as? any SQLDatabase)
        if sql.flavor == .postgres {
            try await sql.raw("ALTER TABLE ads DROP CONSTRAINT ads_placement_check").run()
        }
        let kept = try #require(ads[0].id)
        try await sql.raw("UPDATE ads SET placement = 'topo' WHERE id = \(bind: kept)").run()
        return (kept, try #require(ads[1].id))
    }

    static func storedPlacement(_ id: Int, _ database: any Database) async throws -> String? {
        let sql = try #require(database as? any SQLDatabase)
        return try await sql.raw("SELECT placement FROM ads WHERE id = \(bind: id)").first()?
            .decode(column: "placement", as: String.self)
    }

    @Test(arguments: DatabaseKind.underTest)
    func itLoadsAsTheReadingThatGrantsNothingAndNamesTheKeptValue(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let (kept, _) = try await Self.adInAnUnknownPlacement(database)
            let ad = try #require(try await Ad.find(kept, on: database))
            #expect(ad.placement == AdPlacement.readingOfAnUnknownValue)
            #expect(ad.$placement.unknownValue == "topo")
            #expect(ad.$type.unknownValue == nil)
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func itIsNeverServed(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let (kept, known) = try await Self.adInAnUnknownPlacement(database)
            let served = try await AdServingCache.activeAds(on: database).map(\.id)
            #expect(served == [known])
            #expect(!served.contains(kept))
        }
    }

    @Test(arguments: DatabaseKind.underTest)
    func savingAnotherFieldKeepsTheValueAndSettingThePlacementReplacesIt(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let (kept, _) = try await Self.adInAnUnknownPlacement(database)
            let ad = try #require(try await Ad.find(kept, on: database))
            ad.title = "Outro título"
            try await ad.save(on: database)
            #expect(try await Self.storedPlacement(kept, database) == "topo")

            ad.placement = .homeTop
            try await ad.save(on: database)
            #expect(try await Self.storedPlacement(kept, database) == "home_top")
            #expect(try await Ad.query(on: database).filter(\.$placement == .homeTop).all().map(\.id) == [kept])
        }
    }
}

/// An ad row whose type or placement is NULL, which both databases allow (the original's columns were
/// nullable): it loads, reads as the reading that grants nothing, and is never served.
@Suite struct EmptyAdValuesTests {
    @Test(arguments: DatabaseKind.underTest)
    func anAdWithNoPlacementLoadsAndIsNeverServed(_ kind: DatabaseKind) async throws {
        try await withDatabase(kind) { database in
            let ads = try await database.makeAds(count: 2)
            let sql = try #require(database as? any SQLDatabase)
            let empty = try #require(ads[0].id)
            try await sql.raw("UPDATE ads SET placement = NULL WHERE id = \(bind: empty)").run()

            let ad = try #require(try await Ad.find(empty, on: database))
            #expect(ad.placement == AdPlacement.readingOfAnUnknownValue)
            #expect(!ad.$placement.holdsOneOfItsValues)
            #expect(try await AdServingCache.activeAds(on: database).map(\.id) == [try #require(ads[1].id)])
        }
    }
}
