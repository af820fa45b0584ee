import Crypto
import Foundation

/// The built-in gateway, for demos and tests: no money moves. A Pix charge carries a valid BR Code (for a recurring
/// plan, with Pix Automático's field 80: the payment also authorises the recurrence, whose id the charge id
/// carries, and each later cycle is a pending charge until `simulate-payment` plays the payer's bank); a card is
/// approved or declined by its test number, and kept for renewals when asked; postbacks are signed with the gateway's secret in the header
/// `x-sandbox-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, and state the charge in full.
public struct SandboxGateway: PaymentProvider {
    public let name = "sandbox"
    public let confirmsPostbacksByFetching = false
    public let acceptsRecurringPix = true
    /// Marks a charge that also asked for a Pix Automático recurrence: `sbx_<reference>_pa<tag>`, whose
    /// recurrence is `sbxrec<tag>`.
    static let recurringPixMark = "_pa"
    public static let recurrencePrefix = "sbxrec"
    let secret: String
    let pix: PixReceiver
    let now: @Sendable () -> Date

    /// The receiver the sandbox's BR Codes name.
    public struct PixReceiver: Sendable {
        public var key: String
        public var merchantName: String
        public var merchantCity: String

        public init(key: String, merchantName: String, merchantCity: String) {
            self.key = key
            self.merchantName = merchantName
            self.merchantCity = merchantCity
        }
    }

    /// Every sandbox charge id starts so, which tells a sandbox checkout apart from a real provider's.
    public static let chargePrefix = "sbx_"
    public static let approvedCard = "4111111111111111"
    public static let declinedCard = "4000000000000002"
    /// Approved when bought, and declined each time it is charged again: a renewal that fails.
    public static let declinedAtRenewalCard = "4000000000000341"
    /// A kept card's token says how its renewals go, since the sandbox keeps nothing:
    /// `sbxcard_renews_<random>` is approved, `sbxcard_declines_<random>` declined; any other token is declined.
    static let renewingTokenPrefix = "sbxcard_renews_"
    static let decliningTokenPrefix = "sbxcard_declines_"
    public static let signatureHeader = "x-sandbox-signature"
    /// A signed postback older or newer than this is refused as a replay.
    public static let tolerance: TimeInterval = 300

    public init(secret: String, pix: PixReceiver, now: @escaping @Sendable () -> Date = { Date() }) {
        self.secret = secret
        self.pix = pix
        self.now = now
    }

    public func createCharge(_ request: ChargeRequest) async throws -> Charge {
        let id = Self.newChargeID(reference: request.reference)
        switch request.method {
        case .pix:
            var id = id
            var code = PixBRCode(
                key: pix.key, merchantName: pix.merchantName, merchantCity: pix.merchantCity,
                amountCents: request.amountCents, transactionID: "CF" + request.reference)
            if request.recurrence != nil {
                // Keyed by the gateway's secret, so a recurrence id can't be guessed from its checkout, and the
                // same checkout always shows the same code.
                let tag = Data(
                    HMAC<SHA256>.authenticationCode(
                        for: Data("recurrence:\(request.reference)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
                ).prefix(6).lowercaseHex
                id = Self.chargePrefix + request.reference + Self.recurringPixMark + tag
                code.recurrenceLocation = "sandbox.creatorflix.invalid/rec/" + Self.recurrencePrefix + tag
            }
            return Charge(
                id: id, status: .pending, pixCode: try code.payload(),
                expiresAt: now().addingTimeInterval(request.expiresIn))
        case .card(let number):
            let digits = (number ?? "").filter(\.isNumber)
            guard digits == Self.approvedCard || digits == Self.declinedAtRenewalCard else {
                return Charge(id: id, status: .failed)
            }
            let kept =
                (digits == Self.approvedCard ? Self.renewingTokenPrefix : Self.decliningTokenPrefix)
                + Self.randomHex(bytes: 8)
            return Charge(id: id, status: .paid, savedCardToken: request.keepsCardForRenewals ? kept : nil)
        case .savedCard(let token):
            return Charge(id: id, status: token.hasPrefix(Self.renewingTokenPrefix) ? .paid : .failed)
        case .recurringPix(let recurrenceID, _):
            // The payer's bank pays on the due day: `simulate-payment --subscription` says how it went.
            guard recurrenceID.hasPrefix(Self.recurrencePrefix) else {
                throw PaymentProviderError.refused(
                    status: 404, message: "the sandbox has no recurrence \(recurrenceID)")
            }
            return Charge(id: id, status: .pending)
        }
    }

    struct Event: Codable {
        var eventId: String
        var chargeId: String
        var status: ChargeStatus
        var amount: Int?
        var reference: String?
        /// A paid charge's Pix Automático recurrence, which the subscription then renews through.
        var recurrenceId: String?
    }

    /// The recurrence a charge asked for (`sbx_<reference>_pa<tag>` → `sbxrec<tag>`); nil for any other.
    public static func recurrenceID(ofCharge chargeID: String) -> String? {
        guard chargeID.hasPrefix(chargePrefix), let mark = chargeID.range(of: recurringPixMark, options: .backwards)
        else { return nil }
        let random = chargeID[mark.upperBound...]
        guard !random.isEmpty, random.allSatisfy(\.isHexDigit) else { return nil }
        return recurrencePrefix + random
    }

    public func verifyPostback(_ postback: IncomingPostback, now: Date) async throws -> PostbackEvent {
        guard let header = postback.headers[Self.signatureHeader] else { throw PostbackRejection.signatureMissing }
        let parts = signatureHeaderParts(header)
        guard let timestamp = parts["t"].flatMap(Int.init), let signature = parts["v1"] else {
            throw PostbackRejection.signatureInvalid
        }
        guard ConstantTime.equals(signature, Self.signature(secret: secret, timestamp: timestamp, body: postback.body))
        else {
            throw PostbackRejection.signatureInvalid
        }
        guard abs(now.timeIntervalSince1970 - TimeInterval(timestamp)) <= Self.tolerance else {
            throw PostbackRejection.stale
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let event = try? decoder.decode(Event.self, from: postback.body) else {
            throw PostbackRejection.unreadable("expected {event_id, charge_id, status, amount, reference}")
        }
        var verified = PostbackEvent(
            eventID: event.eventId, chargeID: event.chargeId, status: event.status, amountCents: event.amount,
            reference: event.reference)
        verified.recurrenceID = event.recurrenceId
        return verified
    }

    /// The sandbox keeps no charges: its signed postbacks are the whole truth, so there is nothing to fetch.
    public func fetchCharge(id: String) async throws -> ChargeState {
        throw PostbackRejection.unreadable("the sandbox keeps no charges to fetch")
    }

    /// A postback as the sandbox "provider" sends it: for "simulate payment" and for tests.
    public func signedPostback(_ event: PostbackEvent, at time: Date) throws -> (headers: [String: String], body: Data)
    {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        let body = try encoder.encode(
            Event(
                eventId: event.eventID, chargeId: event.chargeID, status: event.status, amount: event.amountCents,
                reference: event.reference, recurrenceId: event.recurrenceID))
        let timestamp = Int(time.timeIntervalSince1970)
        let header = "t=\(timestamp),v1=\(Self.signature(secret: secret, timestamp: timestamp, body: body))"
        return (["content-type": "application/json", Self.signatureHeader: header], body)
    }

    static func signature(secret: String, timestamp: Int, body: Data) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).lowercaseHex
    }

    /// A fresh charge id, as the sandbox makes them: for a charge it is asked for, or one it makes by itself (a
    /// renewal `simulate-payment` plays).
    public static func newChargeID(reference: String) -> String {
        chargePrefix + reference + "_" + randomHex(bytes: 6)
    }

    static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }
            .joined()
    }
}
