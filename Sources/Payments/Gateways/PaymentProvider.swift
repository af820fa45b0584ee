import Foundation

/// One payment provider (the service behind a `payment_gateways` row), as checkout and postbacks use it. Implementations speak the provider's protocol; they
/// never touch the database: callers record and apply what they return.
public protocol PaymentProvider: Sendable {
    /// The name in `payment_gateways.name` and in the postback URL (`/api/v1/webhooks/<name>`).
    var name: String { get }
    func createCharge(_ request: ChargeRequest) async throws -> Charge
    /// Checks a postback's signature and reads the event it carries. Throws `PostbackRejection` for a postback
    /// that is not provably from the provider.
    func verifyPostback(_ postback: IncomingPostback, now: Date) async throws -> PostbackEvent
    /// The provider's current word on a charge, for re-checking a postback before acting on it.
    func fetchCharge(id: String) async throws -> ChargeState
    /// Whether a verified postback is only a hint to fetch the charge (Mercado Pago), rather than a signed
    /// statement of its state (the sandbox).
    var confirmsPostbacksByFetching: Bool { get }
    /// Whether the provider charges a recurring card by itself, on its own schedule, once the buyer authorised it
    /// on its page (Mercado Pago's preapprovals), rather than being asked for each renewal (a kept card).
    var schedulesRenewals: Bool { get }
    /// The provider's current word on a recurrence the buyer authorised (`Charge.recurrenceID`).
    func fetchRecurrence(id: String) async throws -> RecurrenceState
    /// Cancels a recurrence at the provider, so it charges nothing more. Throws when the provider can't confirm it.
    func cancelRecurrence(id: String) async throws
    /// The charges a recurrence's latest cycles made, as ids `fetchCharge` takes, newest first: for finding a
    /// cycle whose postback was lost. Empty for a provider that schedules nothing.
    func recentCycles(ofRecurrence id: String) async throws -> [String]
    /// Cancels a charge the provider holds open for a later date (a Pix Automático cycle's), so it is never
    /// paid. Throws when the provider can't confirm it.
    func cancelCharge(id: String) async throws
    /// Whether a recurring plan's Pix purchase can ask the payer to authorise the later cycles too (Pix
    /// Automático): the renewal job then charges each one with `.recurringPix`.
    var acceptsRecurringPix: Bool { get }
    /// Whether it can ask for these terms: API Pix knows five periods, and needs the receiver's account.
    func acceptsRecurringPix(_ recurrence: Recurrence) -> Bool
    /// Every event a postback carries: most providers send one per postback, API Pix batches them.
    func verifyPostbackEvents(_ postback: IncomingPostback, now: Date) async throws -> [PostbackEvent]
}

extension PaymentProvider {
    public var schedulesRenewals: Bool { false }
    public var acceptsRecurringPix: Bool { false }
    public func acceptsRecurringPix(_ recurrence: Recurrence) -> Bool { acceptsRecurringPix }
    public func verifyPostbackEvents(_ postback: IncomingPostback, now: Date) async throws -> [PostbackEvent] {
        [try await verifyPostback(postback, now: now)]
    }
    public func fetchRecurrence(id: String) async throws -> RecurrenceState {
        throw PaymentProviderError.refused(status: 404, message: "\(name) keeps no recurrence \(id)")
    }
    /// A provider that schedules nothing holds nothing to cancel: renewals stop when the job stops asking.
    public func cancelRecurrence(id: String) async throws {}
    public func recentCycles(ofRecurrence id: String) async throws -> [String] { [] }
    /// A provider whose charges are decided at once (a card) holds none open.
    public func cancelCharge(id: String) async throws {}
}

/// The terms of a renewal the buyer authorises at the purchase: a card renewal the provider schedules
/// (`PaymentProvider.schedulesRenewals`), or a Pix Automático recurrence (`acceptsRecurringPix`). Every `count`
/// months or days, at `amountCents` (nil: the purchase's amount).
public struct Recurrence: Sendable, Equatable {
    public enum Unit: String, Sendable { case months, days }
    public var count: Int
    public var unit: Unit
    /// Each later cycle's amount, when the first differs (a first-period offer).
    public var amountCents: Int?

    public init(count: Int, unit: Unit, amountCents: Int? = nil) {
        self.count = count
        self.unit = unit
        self.amountCents = amountCents
    }
}

/// A recurrence as the provider holds it.
public struct RecurrenceState: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Asked for, not yet authorised by the buyer.
        case pending
        /// Authorised: the provider charges each cycle.
        case active
        /// Paused at the provider (Mercado Pago): it charges nothing until it is authorised again.
        case paused
        /// Cancelled, expired or refused, by the buyer at the provider or by us: it charges nothing more, ever.
        case stopped
    }
    public var id: String
    public var status: Status
    /// The provider's own word for it, for the admin (`authorized`, `paused`, `cancelled`…).
    public var providerStatus: String
    public var reference: String?
    /// When the provider last changed it, in its own words (Mercado Pago's `last_modified`), where it says: the
    /// same status twice (authorised, paused, authorised again) is then two changes, not one.
    public var changedAt: String?

    public init(id: String, status: Status, providerStatus: String, reference: String?, changedAt: String? = nil) {
        self.id = id
        self.status = status
        self.providerStatus = providerStatus
        self.reference = reference
        self.changedAt = changedAt
    }

    /// The change as a postback's event key: each one applies once.
    public var changeKey: String {
        "recurrence:\(id):\(providerStatus)" + (changedAt.map { ":" + $0 } ?? "")
    }
}

public struct Customer: Sendable, Equatable {
    public var name: String
    public var email: String
    public var cpf: CPF
    public var phone: BrazilianPhone

    public init(name: String, email: String, cpf: CPF, phone: BrazilianPhone) {
        self.name = name
        self.email = email
        self.cpf = cpf
        self.phone = phone
    }
}

public struct ChargeRequest: Sendable, Equatable {
    public enum Method: Sendable, Equatable {
        case pix
        /// `cardNumber` is read by the sandbox only; real providers take a token from their own card form.
        case card(cardNumber: String?)
        /// A card the provider kept at an earlier charge (`Charge.savedCardToken`), charged again for a renewal
        /// with the buyer away.
        case savedCard(token: String)
        /// A later cycle of a Pix Automático recurrence the payer authorised (`Charge`'s recurrence id), due on
        /// `dueDate`: the payer's bank pays it that day, with nobody present.
        case recurringPix(recurrenceID: String, dueDate: Date)
    }

    /// Our reference for the charge (the checkout's id), echoed back in postbacks.
    public var reference: String
    public var amountCents: Int
    public var method: Method
    public var customer: Customer
    public var description: String
    /// How long a Pix charge may be paid.
    public var expiresIn: TimeInterval
    /// Where a provider's own payment page sends the buyer back to (our payment page for the checkout).
    public var returnURL: String?
    /// Whether a card charge should keep the card for renewals (a recurring plan's purchase). A provider that
    /// can't keep cards ignores it, and the subscription is renewed by hand.
    public var keepsCardForRenewals: Bool
    /// For a recurring plan's card purchase: the terms a provider that schedules renewals asks the buyer to
    /// authorise, the first cycle charged at once.
    public var recurrence: Recurrence?

    public init(
        reference: String, amountCents: Int, method: Method, customer: Customer, description: String,
        expiresIn: TimeInterval = 30 * 60, returnURL: String? = nil, keepsCardForRenewals: Bool = false,
        recurrence: Recurrence? = nil
    ) {
        self.recurrence = recurrence
        self.returnURL = returnURL
        self.keepsCardForRenewals = keepsCardForRenewals
        self.reference = reference
        self.amountCents = amountCents
        self.method = method
        self.customer = customer
        self.description = description
        self.expiresIn = expiresIn
    }
}

public enum ChargeStatus: String, Sendable, Equatable, Codable {
    case pending
    case paid
    case failed
    case refunded
    case chargedBack = "charged_back"
}

public struct Charge: Sendable, Equatable {
    /// The provider's id for the charge.
    public var id: String
    public var status: ChargeStatus
    /// For Pix: the BR Code "copia e cola" and when it stops being payable.
    public var pixCode: String?
    public var expiresAt: Date?
    /// For a card paid on the provider's own page.
    public var redirectURL: String?
    /// For a paid card charge asked to keep the card: the provider's token to charge it again.
    public var savedCardToken: String?

    public init(
        id: String, status: ChargeStatus, pixCode: String? = nil, expiresAt: Date? = nil, redirectURL: String? = nil,
        savedCardToken: String? = nil
    ) {
        self.savedCardToken = savedCardToken
        self.id = id
        self.status = status
        self.pixCode = pixCode
        self.expiresAt = expiresAt
        self.redirectURL = redirectURL
    }
}

public struct ChargeState: Sendable, Equatable {
    public var chargeID: String
    public var status: ChargeStatus
    public var amountCents: Int?
    public var reference: String?
    /// For a cycle of a recurrence the provider schedules: the recurrence it charged.
    public var recurrenceID: String?

    public init(
        chargeID: String, status: ChargeStatus, amountCents: Int?, reference: String?, recurrenceID: String? = nil
    ) {
        self.recurrenceID = recurrenceID
        self.chargeID = chargeID
        self.status = status
        self.amountCents = amountCents
        self.reference = reference
    }
}

/// A postback as it arrived: lower-cased header names, the raw body and the query.
public struct IncomingPostback: Sendable {
    public var headers: [String: String]
    public var body: Data
    public var query: [String: String]

    public init(headers: [String: String], body: Data, query: [String: String] = [:]) {
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
        self.query = query
    }
}

/// What a verified postback says.
public struct PostbackEvent: Sendable, Equatable {
    public enum Subject: Sendable, Equatable {
        /// A charge changed: `chargeID` names it.
        case charge
        /// A recurrence changed (authorised, paused, cancelled): `chargeID` names the recurrence.
        case recurrence
    }
    /// Unique per provider: the key that makes processing idempotent.
    public var eventID: String
    public var chargeID: String
    public var subject: Subject = .charge
    public var status: ChargeStatus
    public var amountCents: Int?
    public var reference: String?
    /// For a provider whose postbacks state the charge in full (the sandbox): the recurrence a paid charge
    /// authorised.
    public var recurrenceID: String?

    public init(eventID: String, chargeID: String, status: ChargeStatus, amountCents: Int?, reference: String?) {
        self.eventID = eventID
        self.chargeID = chargeID
        self.status = status
        self.amountCents = amountCents
        self.reference = reference
    }
}

public enum PostbackRejection: Error, Equatable, Sendable {
    case signatureMissing
    case signatureInvalid
    /// The signed timestamp is outside the tolerance: an old postback replayed.
    case stale
    case unreadable(String)
}
