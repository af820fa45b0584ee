import FluentKit

/// A Swift enum whose values an enumerated column holds (`CheckedEnumColumn`), and how the site reads a value
/// outside its cases. Such a value can be in the column only on a database adopted with `migrate --keep-values`,
/// which leaves the column without its CHECK (step 0013). The reading is the case that grants nothing: a plain
/// member, an ended subscription, a paused ad.
public protocol EnumeratedColumnValue: RawRepresentable<String>, CaseIterable, Codable, Sendable {
    static var readingOfAnUnknownValue: Self { get }
}

extension Fields {
    public typealias EnumeratedColumn<Value: EnumeratedColumnValue> = EnumeratedColumnProperty<Self, Value>
    public typealias OptionalEnumeratedColumn<Value: RawRepresentable<String> & Codable & Sendable> =
        OptionalEnumeratedColumnProperty<Self, Value>
}

/// What both wrappers take from the text field they wrap: its key, its reading and writing, its place in a query.
public protocol EnumeratedColumnStorage: AnyDatabaseProperty, AnyQueryableProperty, AnyQueryAddressableProperty {
    associatedtype TextField: AnyDatabaseProperty & AnyQueryableProperty
    var field: TextField { get }
}

extension EnumeratedColumnStorage {
    public var keys: [FieldKey] { field.keys }
    public func input(to input: any DatabaseInput) { field.input(to: input) }
    public func output(from output: any DatabaseOutput) throws { try field.output(from: output) }
    public var path: [FieldKey] { field.path }
    public var anyQueryableProperty: any AnyQueryableProperty { self }
    public var queryablePath: [FieldKey] { path }
}

/// FluentKit's `@Enum` for a text column, except that a value outside the enum reads as
/// `readingOfAnUnknownValue`, where `@Enum` traps, and stays in the row until the property is set: an update
/// writes only the fields it set. A NULL (the columns are nullable, as the original app's were) reads the same
/// way, where `@Enum` fails the whole query.
@propertyWrapper
public final class EnumeratedColumnProperty<Model: Fields, Value: EnumeratedColumnValue> {
    public let field: OptionalFieldProperty<Model, String>

    public var projectedValue: EnumeratedColumnProperty<Model, Value> { self }

    public init(key: FieldKey) { field = .init(key: key) }

    /// A field neither set nor fetched (a query that selected other columns) reads as the reading that grants
    /// nothing too, where FluentKit's `@Enum` stops the program.
    public var wrappedValue: Value {
        get { value ?? .readingOfAnUnknownValue }
        set { value = newValue }
    }

    /// The column's text when it is none of the enum's values: a value kept from the original app.
    public var unknownValue: String? { field.value.flatMap { $0 }.flatMap { Value(rawValue: $0) == nil ? $0 : nil } }

    /// Whether the row holds one of the enum's values, not an unknown one or NULL that reads as one.
    public var holdsOneOfItsValues: Bool { field.value.flatMap { $0 }.flatMap(Value.init(rawValue:)) != nil }
}

extension EnumeratedColumnProperty: AnyProperty {}

extension EnumeratedColumnProperty: Property {
    public var value: Value? {
        get { field.value.map { $0.flatMap(Value.init(rawValue:)) ?? .readingOfAnUnknownValue } }
        set { field.value = newValue.map { .some($0.rawValue) } }
    }
}

extension EnumeratedColumnProperty: QueryableProperty {
    public static func queryValue(_ value: Value) -> DatabaseQuery.Value { .bind(value.rawValue) }
}

extension EnumeratedColumnProperty: QueryAddressableProperty {
    public var queryableProperty: EnumeratedColumnProperty<Model, Value> { self }
}

extension EnumeratedColumnProperty: EnumeratedColumnStorage {}

extension EnumeratedColumnProperty: AnyCodableProperty {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }

    public func decode(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Value.self)
    }
}

/// `EnumeratedColumnProperty` for a nullable column: a value outside the enum reads as nil.
@propertyWrapper
public final class OptionalEnumeratedColumnProperty<
    Model: Fields, Wrapped: RawRepresentable<String> & Codable & Sendable
> {
    public let field: OptionalFieldProperty<Model, String>

    public var projectedValue: OptionalEnumeratedColumnProperty<Model, Wrapped> { self }

    public init(key: FieldKey) { field = .init(key: key) }

    public var wrappedValue: Wrapped? {
        get { value ?? nil }
        set { value = .some(newValue) }
    }

    /// The column's text when it is none of the enum's values: a value kept from the original app.
    public var unknownValue: String? { field.value.flatMap { $0 }.flatMap { Wrapped(rawValue: $0) == nil ? $0 : nil } }
}

extension OptionalEnumeratedColumnProperty: AnyProperty {}

extension OptionalEnumeratedColumnProperty: Property {
    public var value: Wrapped?? {
        get { field.value.map { $0.flatMap(Wrapped.init(rawValue:)) } }
        set { field.value = newValue.map { $0?.rawValue } }
    }
}

extension OptionalEnumeratedColumnProperty: QueryableProperty {
    public static func queryValue(_ value: Wrapped?) -> DatabaseQuery.Value {
        value.map { .bind($0.rawValue) } ?? .null
    }
}

extension OptionalEnumeratedColumnProperty: QueryAddressableProperty {
    public var queryableProperty: OptionalEnumeratedColumnProperty<Model, Wrapped> { self }
}

extension OptionalEnumeratedColumnProperty: EnumeratedColumnStorage {}

extension OptionalEnumeratedColumnProperty: AnyCodableProperty {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue)
    }

    public func decode(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = container.decodeNil() ? .some(nil) : .some(try container.decode(Wrapped.self))
    }
}
