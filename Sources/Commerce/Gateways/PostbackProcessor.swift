import Crypto
import FluentKit
import Foundation
import Payments
import SQLKit
import Schema

/// What happens to a gateway's postback: verify it, record it, and apply it once. Every postback is recorded in
/// `payment_events` with its verification result and outcome, for the admin to inspect.
public enum PostbackProcessor {
    public enum Outcome: String, Sendable, Equatable {
        /// Changed a checkout (and perhaps a subscription), or a renewal's charge changed its subscription.
        case applied
        /// Verified, but the checkout was already there or past it (out of order, or a repeat with a new id).
        case alreadyApplied = "already_applied"
        /// The provider's event id was seen before: acknowledged, nothing changed.
        case duplicate
        /// No checkout has this charge: acknowledged and logged.
        case unknownCharge = "unknown_charge"
        /// The paid amount differs from the checkout's total: refused and logged for the admin.
        case amountMismatch = "amount_mismatch"
        /// A state that changes nothing here (pending).
        case noChange = "no_change"
        /// Not provably from the provider: refused, nothing changed.
        case rejected
        /// Verified, but the provider could not be asked for the charge: nothing changed, and the 503 makes the
        /// provider deliver it again.
        case providerUnavailable = "provider_unavailable"

        /// The HTTP status the webhook answers with. Providers retry on anything but 2xx, which is wanted for a
        /// refusal (an admin may fix the data) and pointless for a duplicate or an unknown charge.
        public var httpStatus: Int {
            switch self {
            case .rejected: 401
            case .amountMismatch: 422
            case .providerUnavailable: 503
            case .applied, .alreadyApplied, .duplicate, .unknownCharge, .noChange: 200
            }
        }
    }

    /// - Parameter mailer: the site's mail for what the postback changes (a receipt, a refund's notice).
    public static func process(
        _ postback: IncomingPostback, gateway: any PaymentProvider, on database: any Database, now: Date = Date(),
        mailer: CheckoutMailer? = nil
    ) async throws -> Outcome {
        let payload = String(decoding: postback.body.prefix(16_384), as: UTF8.self)
        let events: [PostbackEvent]
        do {
            events = try await gateway.verifyPostbackEvents(postback, now: now)
        } catch let rejection as PostbackRejection {
            // Anyone can post here: what nobody signed is kept as a description, never its body, so it can't fill
            // the disk or plant text for the admin to read.
            try await record(
                gateway: gateway.name, key: "unverified:" + UUID().uuidString, event: nil, verified: false,
                outcome: .rejected, detail: "\(rejection)", payload: unverifiedSummary(postback), on: database)
            return .rejected
        } catch let other as PostbackNotAboutPayment {
            try await record(
                gateway: gateway.name, key: "ignored:" + UUID().uuidString, event: nil, verified: true,
                outcome: .noChange, detail: "a '\(other.topic)' notification, not a payment", payload: payload,
                on: database)
            return .noChange
        }
        // A batch (API Pix) is each of its events in turn; one the provider couldn't confirm makes the provider
        // send the batch again, and the others then count as duplicates.
        var outcomes: [Outcome] = []
        var seen = Set<String>()
        let distinct = events.filter {
            seen.insert("\($0.subject == .recurrence ? "rec" : "charge"):\($0.chargeID)").inserted
        }
        for event in distinct.prefix(maximumBatch) {
            outcomes.append(
                try await process(event, gateway: gateway, payload: payload, on: database, now: now, mailer: mailer))
        }
        return outcomes.first { $0 == .providerUnavailable } ?? outcomes.first ?? .noChange
    }

    /// The most events one postback is taken for: a PSP batches a few, and each is fetched before it counts.
    static let maximumBatch = 50

    /// One verified event: a recurrence's change, or a charge's, confirmed with the provider when its postbacks
    /// are only hints.
    static func process(
        _ event: PostbackEvent, gateway: any PaymentProvider, payload: String, on database: any Database, now: Date,
        mailer: CheckoutMailer?
    ) async throws -> Outcome {
        if event.subject == .recurrence {
            return try await RenewalPostbacks.recurrenceChanged(
                event.chargeID, gateway: gateway, payload: payload, on: database, now: now)
        }
        // A provider whose postbacks are only hints is asked for the charge itself; its answer is what counts.
        var confirmed = ChargeState(
            chargeID: event.chargeID, status: event.status, amountCents: event.amountCents, reference: event.reference,
            recurrenceID: event.recurrenceID)
        var key = event.eventID
        if gateway.confirmsPostbacksByFetching {
            do {
                confirmed = try await gateway.fetchCharge(id: event.chargeID)
            } catch PaymentProviderError.refused(status: 404, let message) {
                // The provider has no such payment (its dashboard's test notification, say): nothing to retry.
                try await record(
                    gateway: gateway.name, key: "unfound:" + UUID().uuidString, event: confirmed, verified: true,
                    outcome: .unknownCharge, detail: "the provider has no payment \(event.chargeID): \(message)",
                    payload: payload, on: database)
                return .unknownCharge
            } catch {
                // Unreachable, 5xx, or our credentials refused: worth delivering again once that is fixed.
                try await record(
                    gateway: gateway.name, key: "unconfirmed:" + UUID().uuidString, event: confirmed, verified: true,
                    outcome: .providerUnavailable, detail: "\(error)", payload: payload, on: database)
                return .providerUnavailable
            }
            key = fetchedEventKey(chargeID: event.chargeID, status: confirmed.status)
        }
        let outcome = try await settle(
            confirmed, eventKey: key, gateway: gateway.name, payload: payload, on: database, now: now, mailer: mailer)
        if outcome == .applied { try await stopHeldRecurrences(after: confirmed, gateway: gateway, on: database) }
        return outcome
    }

    /// A refund or chargeback ended access and turned renewal off here; the recurrence the provider holds for
    /// that member (a preapproval, a Pix Automático recurrence) and its open cycles are cancelled there too, after
    /// the change committed, so the provider charges nothing more. Each outcome is recorded for the admin: a
    /// failure leaves a recurrence whose cycles are refused as "refund it", to cancel at the provider by hand.
    static func stopHeldRecurrences(
        after state: ChargeState, gateway: any PaymentProvider, on database: any Database
    ) async throws {
        guard state.status == .refunded || state.status == .chargedBack,
            let checkout = try await Checkout.query(on: database).filter(\.$gateway == gateway.name)
                .filter(\.$externalID == state.chargeID).first(),
            let userID = checkout.$user.id
        else { return }
        let held = try await Subscription.query(on: database).filter(\.$user.$id == userID)
            .filter(\.$renewalGateway == gateway.name).filter(\.$renewalReference != nil).all()
            .filter(ScheduledRenewals.isScheduled)
        for subscription in held {
            guard let recurrence = subscription.renewalReference, let id = subscription.id else { continue }
            var detail =
                "recurrence \(recurrence) of subscription \(id) cancelled at the provider after the "
                + state.status.rawValue
            do {
                try await gateway.cancelRecurrence(id: recurrence)
                let open = try await RenewalAttempt.query(on: database).filter(\.$subscriptionID == id)
                    .filter(\.$gateway == gateway.name).filter(\.$outcome == .pending).all().compactMap(\.chargeID)
                for charge in open { try await gateway.cancelCharge(id: charge) }
            } catch {
                detail =
                    "recurrence \(recurrence) of subscription \(id) could not be cancelled at the provider "
                    + "after the \(state.status.rawValue): \(error); cancel it there"
            }
            try await record(
                gateway: gateway.name, key: "recurrence-stopped:" + UUID().uuidString, event: nil, verified: true,
                outcome: .noChange, detail: detail, payload: "after \(state.chargeID)", on: database)
        }
    }

    /// For providers confirmed by fetching: the provider notifies every change of a payment, and repeats each
    /// notification until it is acknowledged, so a (payment, status) pair is one event and each change applies
    /// once, whether a notification or `reconcile` brought it. The id is the one asked about: a cycle of a
    /// preapproval, asked about as `authorized_payment:<id>`, is its own event beside its payment's.
    static func fetchedEventKey(chargeID: String, status: ChargeStatus) -> String { "\(chargeID):\(status.rawValue)" }

    /// Asks the provider for a charge no postback has settled (one lost, or refused as stale), and applies what it
    /// says as a postback would have. Returns nil when there is nothing new: still pending, or already recorded.
    /// Throws the provider's error when it can't be asked.
    public static func reconcile(
        chargeID: String, gateway: any PaymentProvider, on database: any Database, now: Date = Date(),
        mailer: CheckoutMailer? = nil
    ) async throws -> Outcome? {
        let state = try await gateway.fetchCharge(id: chargeID)
        guard state.status != .pending else { return nil }
        let key = fetchedEventKey(chargeID: chargeID, status: state.status)
        let seen =
            try await PaymentEvent.query(on: database).filter(\.$gateway == gateway.name).filter(\.$eventKey == key)
            .count() > 0
        guard !seen else { return nil }
        let outcome = try await settle(
            state, eventKey: key, gateway: gateway.name, payload: "fetched by the reconciliation job", on: database,
            now: now, mailer: mailer)
        // Found here first, a refund's webhook would be a duplicate: the provider's recurrence is stopped now.
        if outcome == .applied { try await stopHeldRecurrences(after: state, gateway: gateway, on: database) }
        return outcome
    }

    /// Records a confirmed event under its key and applies it, once: the unique (gateway, event_key) decides.
    static func settle(
        _ state: ChargeState, eventKey: String, gateway: String, payload: String, on database: any Database, now: Date,
        mailer: CheckoutMailer? = nil
    ) async throws -> Outcome {
        try await once(
            eventKey, gateway: gateway, recording: state, payload: payload, on: database
        ) { transaction in
            try await apply(state, gateway: gateway, on: transaction, now: now, mailer: mailer)
        }
    }

    /// Records an event under its key and runs `change` once, in one transaction: the unique (gateway,
    /// event_key) decides who handles it, and a repeat finds it taken and is recorded as a duplicate.
    /// `recording` is what the row shows of the charge: nil for an event about something else (a recurrence,
    /// which `resourceID` then names).
    static func once(
        _ eventKey: String, gateway: String, recording state: ChargeState?, resourceID: String? = nil,
        payload: String, on database: any Database,
        _ change: @escaping @Sendable (any Database) async throws -> (Outcome, Int?, String?)
    ) async throws -> Outcome {
        try await database.transaction { transaction in
            let sql = try SubscriptionLifecycle.sqlDatabase(transaction)
            let claimed = try await sql.raw(
                """
                INSERT INTO payment_events (gateway, event_key, charge_id, verified, status, amount, outcome, payload)
                VALUES (\(bind: gateway), \(bind: eventKey), \(bind: state?.chargeID ?? resourceID), \(bind: true),
                  \(bind: state?.status.rawValue), \(bind: state?.amountCents), 'processing', \(bind: payload))
                ON CONFLICT (gateway, event_key) DO NOTHING RETURNING id
                """
            ).all()
            guard let eventRowID = try claimed.first?.decode(column: "id", as: Int.self) else {
                try await record(
                    gateway: gateway, key: "duplicate:\(eventKey):" + UUID().uuidString, event: state,
                    verified: true, outcome: .duplicate, detail: "event \(eventKey) was processed before",
                    payload: payload, on: transaction)
                return .duplicate
            }
            let (outcome, checkoutID, detail) = try await change(transaction)
            try await sql.raw(
                """
                UPDATE payment_events SET outcome = \(bind: outcome.rawValue), checkout_id = \(bind: checkoutID), detail = \(bind: detail)
                WHERE id = \(bind: eventRowID)
                """
            ).run()
            return outcome
        }
    }

    static func apply(
        _ state: ChargeState, gateway: String, on database: any Database, now: Date, mailer: CheckoutMailer? = nil
    ) async throws -> (Outcome, Int?, String?) {
        guard let found = try await checkout(for: state, gateway: gateway, on: database),
            let checkoutID = found.checkout.id
        else {
            if let renewal = try await RenewalPostbacks.apply(
                state, gateway: gateway, on: database, now: now, mailer: mailer)
            {
                return renewal
            }
            return (
                .unknownCharge, nil,
                "no checkout of \(gateway) has charge \(state.chargeID)"
                    + (state.reference.map { " (its reference: \($0))" } ?? "")
            )
        }
        let checkout = found.checkout
        if found.isAttemptOnProviderPage {
            // The buyer is still on the provider's page, which lets them try again after a decline: only the
            // payment that settles it counts, and it takes the page's place as the checkout's charge.
            guard state.status == .paid else {
                return (
                    .noChange, checkoutID,
                    "a \(state.status.rawValue) attempt (\(state.chargeID)) on the provider's page; the checkout waits"
                )
            }
            guard state.amountCents == checkout.totalAmount else { return mismatch(state, checkout) }
            // Guarded, so of two payments landing together for one page, one settles it and the other is reported.
            let linked = try await SubscriptionLifecycle.sqlDatabase(database).raw(
                """
                UPDATE checkouts SET external_id = \(bind: state.chargeID)
                WHERE id = \(bind: checkoutID) AND external_id = \(bind: checkout.externalID) RETURNING id
                """
            ).all()
            guard !linked.isEmpty else {
                // The same payment, delivered by two notifications at once (a preapproval's cycle and its payment).
                if try await Checkout.find(checkoutID, on: database)?.externalID == state.chargeID {
                    return (.alreadyApplied, checkoutID, nil)
                }
                return (
                    .unknownCharge, nil,
                    "payment \(state.chargeID) for checkout \(checkoutID), which another payment settled: refund it"
                )
            }
        }
        switch state.status {
        case .paid:
            guard state.amountCents == checkout.totalAmount else { return mismatch(state, checkout) }
            // A preapproval's first cycle: the subscription it makes renews through that preapproval. A Pix
            // Automático charge that carried a recurrence (Jornada 3): the subscription renews through it.
            let preapproval =
                found.isAttemptOnProviderPage
                ? checkout.externalID.flatMap { Self.dropPrefix(MercadoPagoGateway.preapprovalPrefix, of: $0) } : nil
            let recurringPix =
                PaymentProviders.Kind(rawValue: gateway)?.acceptsRecurringPix == true
                ? state.recurrenceID.map { RenewalMethod(gateway: gateway, method: .pix, reference: $0) } : nil
            return (
                outcome(
                    try await SubscriptionLifecycle.markPaid(
                        checkoutID: checkoutID, on: database, now: now, mailer: mailer,
                        renewal: preapproval.map { RenewalMethod(gateway: gateway, method: .creditCard, reference: $0) }
                            ?? recurringPix
                    )),
                checkoutID, nil
            )
        case .failed:
            return (
                outcome(try await SubscriptionLifecycle.markFailed(checkoutID: checkoutID, on: database)), checkoutID,
                nil
            )
        case .refunded, .chargedBack:
            return (
                outcome(
                    try await SubscriptionLifecycle.refund(
                        checkoutID: checkoutID, isChargeback: state.status == .chargedBack, on: database, now: now,
                        mailer: mailer)),
                checkoutID,
                state.status.rawValue
            )
        case .pending:
            return (.noChange, checkoutID, nil)
        }
    }

    static func mismatch(_ state: ChargeState, _ checkout: Checkout) -> (Outcome, Int?, String?) {
        (
            .amountMismatch, checkout.id,
            "paid \(state.amountCents.map(String.init) ?? "no amount") cents, checkout total \(checkout.totalAmount)"
        )
    }

    /// The checkout a charge belongs to: the one holding its id, or, for a payment made on the provider's own
    /// page, the checkout its (verified) reference names while that checkout still holds the page's id
    /// (`MercadoPagoGateway.preferencePrefix`, or `preapprovalPrefix` for a preapproval's first cycle, also found
    /// by the preapproval the cycle names). A payment naming a checkout that another payment already
    /// settled is not matched: it is reported as unknown, with its reference, for the admin to refund.
    /// Only a checkout the same gateway charged matches: a charge id is a gateway's own, and one gateway's signed
    /// postback must not settle another's checkout (a card checkout's `preference:<id>` is in the buyer's URL).
    static func checkout(
        for state: ChargeState, gateway: String, on database: any Database
    ) async throws -> (checkout: Checkout, isAttemptOnProviderPage: Bool)? {
        if let checkout = try await Checkout.query(on: database).filter(\.$gateway == gateway).filter(
            \.$externalID == state.chargeID
        ).first() {
            return (checkout, false)
        }
        if let recurrence = state.recurrenceID,
            let checkout = try await Checkout.query(on: database).filter(\.$gateway == gateway)
                .filter(\.$externalID == MercadoPagoGateway.preapprovalPrefix + recurrence).first()
        {
            return (checkout, true)
        }
        guard let reference = state.reference.flatMap(Int.init),
            let checkout = try await Checkout.find(reference, on: database),
            checkout.gateway == gateway, let page = checkout.externalID,
            page.hasPrefix(MercadoPagoGateway.preferencePrefix) || page.hasPrefix(MercadoPagoGateway.preapprovalPrefix)
        else { return nil }
        return (checkout, true)
    }

    static func dropPrefix(_ prefix: String, of text: String) -> String? {
        text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
    }

    /// An unverified postback as it is kept: its size, the SHA-256 of its body, and its headers' names.
    static func unverifiedSummary(_ postback: IncomingPostback) -> String {
        let digest = SHA256.hash(data: postback.body).map { String(format: "%02x", $0) }.joined()
        let names = postback.headers.keys.sorted().map { String($0.prefix(64)) }.prefix(40).joined(separator: ", ")
        return "unverified body of \(postback.body.count) bytes, sha256 \(digest); headers: \(names)"
    }

    static func outcome(_ lifecycle: SubscriptionLifecycle.Outcome) -> Outcome {
        switch lifecycle {
        case .applied: .applied
        case .alreadyApplied: .alreadyApplied
        case .unknownCheckout: .unknownCharge
        }
    }

    static func record(
        gateway: String, key: String, event: ChargeState?, verified: Bool, outcome: Outcome, detail: String?,
        payload: String,
        on database: any Database
    ) async throws {
        try await SubscriptionLifecycle.sqlDatabase(database).raw(
            """
            INSERT INTO payment_events (gateway, event_key, charge_id, verified, status, amount, outcome, detail, payload)
            VALUES (\(bind: gateway), \(bind: key), \(bind: event?.chargeID), \(bind: verified), \(bind: event?.status.rawValue),
              \(bind: event?.amountCents), \(bind: outcome.rawValue), \(bind: detail), \(bind: payload))
            """
        ).run()
    }
}
