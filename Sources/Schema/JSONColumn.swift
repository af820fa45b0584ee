import Foundation
import PostgresNIO
import SQLiteNIO

/// A value stored as one JSON document: `jsonb` on PostgreSQL, text on SQLite.
///
/// Without it the PostgreSQL driver would bind a `[String]` as `text[]`, which a `jsonb` column refuses.
public struct JSONColumn<Value: Codable & Sendable>: Codable, Sendable {
    public var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Value.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension JSONColumn: Equatable where Value: Equatable {}

// PostgresNIO's default codec for Codable types writes and reads jsonb.
extension JSONColumn: PostgresEncodable, PostgresDecodable {}

extension JSONColumn: SQLiteDataConvertible {
    public init?(sqliteData: SQLiteData) {
        let bytes: Data
        switch sqliteData {
        case .text(let text): bytes = Data(text.utf8)
        case .blob(let buffer): bytes = Data(buffer.readableBytesView)
        default: return nil
        }
        guard let value = try? JSONDecoder().decode(Value.self, from: bytes) else { return nil }
        self.value = value
    }

    public var sqliteData: SQLiteData? {
        (try? JSONEncoder().encode(value)).map { .text(String(decoding: $0, as: UTF8.self)) }
    }
}
