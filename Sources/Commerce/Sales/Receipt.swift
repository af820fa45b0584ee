import FluentKit
import Foundation
import Localization
import Mail
import Schema

/// What a paid checkout bought, as its receipt shows it: in the e-mail sent once it is paid, and on the member's
/// printable page (`/conta/recibos/{id}`).
public struct Receipt: Sendable {
    public let checkoutID: Int
    public let planName: String?
    /// The plan and the bumps at today's prices, or empty when those no longer add up to what was paid: the
    /// total alone is then certain.
    public let lines: [ReceiptMail.Line]
    public let total: Money
    public let paidAt: Date
    public let method: PaymentMethod?
    public let buyerName: String?
    public let buyerEmail: String?
    /// `***.456.789-**`, or nil when the checkout has no CPF.
    public let maskedCPF: String?
    /// The subscription cycle it paid (1 for a purchase), for a recurring plan.
    public let renewalCycle: Int?
    /// Refunded or charged back since: the seed has no refunded state, so a checkout that was paid and is now
    /// failed.
    public let isRefunded: Bool

    /// The receipt of a checkout that was paid, with its plan loaded; nil for one that never was.
    public static func of(_ checkout: Checkout, on database: any Database, now: Date = Date()) async throws
        -> Receipt?
    {
        guard let id = checkout.id, checkout.status == .paid || checkout.paidAt != nil else { return nil }
        var lines: [ReceiptMail.Line] = []
        if let plan = checkout.plan { lines.append(.init(name: plan.name, amount: Money(cents: plan.price))) }
        let bumpIDs = checkout.orderBumpIDs?.value ?? []
        if !bumpIDs.isEmpty {
            let bumps = try await OrderBump.query(on: database).filter(\.$id ~~ bumpIDs).sort(\.$id).all()
            lines += bumps.map { .init(name: $0.name, amount: Money(cents: $0.price)) }
        }
        if lines.reduce(0, { $0 + $1.amount.cents }) != checkout.totalAmount { lines = [] }
        return Receipt(
            checkoutID: id, planName: checkout.plan?.name, lines: lines, total: Money(cents: checkout.totalAmount),
            paidAt: checkout.paidAt ?? checkout.createdAt ?? now, method: checkout.paymentMethod,
            buyerName: checkout.customerName, buyerEmail: checkout.customerEmail,
            maskedCPF: checkout.customerDocument.flatMap(ReceiptMail.mask(cpf:)), renewalCycle: checkout.renewalCycle,
            isRefunded: checkout.status != .paid)
    }
}
