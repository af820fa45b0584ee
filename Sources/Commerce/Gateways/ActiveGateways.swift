import FluentKit
import Payments
import Schema

/// The gateways that take payments now, one per method: cards may go to Mercado Pago while Pix goes to an API Pix
/// PSP. A gateway its provider can't use for a method, or a sandbox where the sandbox isn't allowed, takes nothing.
public struct ActiveGateways: Sendable {
    public let card: PaymentGateway?
    public let pix: PaymentGateway?

    public init(card: PaymentGateway?, pix: PaymentGateway?) {
        self.card = card
        self.pix = pix
    }

    /// One query over the (few) gateways that take something.
    public static func load(on database: any Database, allowsSandbox: Bool) async throws -> ActiveGateways {
        let rows = try await PaymentGateway.query(on: database)
            .group(.or) { $0.filter(\.$takesCard == true).filter(\.$takesPix == true) }
            .all()
        func taking(_ method: PaymentMethod) -> PaymentGateway? {
            rows.first { row in
                guard row.takes(method), let kind = PaymentProviders.Kind(rawValue: row.name) else { return false }
                return kind.accepts(method) && (kind != .sandbox || allowsSandbox)
            }
        }
        return ActiveGateways(card: taking(.creditCard), pix: taking(.pix))
    }

    public func gateway(for method: PaymentMethod) -> PaymentGateway? { method == .pix ? pix : card }

    public func kind(for method: PaymentMethod) -> PaymentProviders.Kind? {
        gateway(for: method).flatMap { PaymentProviders.Kind(rawValue: $0.name) }
    }

    /// Some method can be paid: a checkout by another one is refused by field rather than as an outage.
    public var takesAnyMethod: Bool { card != nil || pix != nil }

    /// The Pix gateway can ask for Pix Automático at all: API Pix needs the receiver's account, which each recurring
    /// charge pays into. (Whether a plan's period has a word in the arrangement is the plan's question.)
    public var takesPixAutomatico: Bool {
        guard let pix, let kind = PaymentProviders.Kind(rawValue: pix.name), kind.acceptsRecurringPix else {
            return false
        }
        return kind != .apiPix || pix.apiPixSettings?.receiverAccount != nil
    }
}

extension PaymentGateway {
    /// An API Pix gateway's settings as stored; nil for other gateways, or settings that no longer read.
    public var apiPixSettings: APIPixSettings? { try? APIPixSettingsColumn.decode(settings) }
}
