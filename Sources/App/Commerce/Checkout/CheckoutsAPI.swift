import APISchema
import Accounts
import Commerce
import Fluent
import Localization
import Payments
import Schema
import Vapor

/// `POST /api/v1/checkouts` (start a checkout: as the signed-in user, or as a visitor who gets an account) and
/// `GET /api/v1/checkouts/{id}?token=` (its status, for the payment page's polling).
enum CheckoutsAPI {

    struct StartBody: Content {
        struct CustomerBody: Content {
            var name: String?
            var email: String?
            var cpf: String?
            var phone: String?
        }
        var planId: Int?
        var orderBumpIds: [Int]?
        var method: PaymentMethod?
        var customer: CustomerBody?
        var password: String?
        var cardNumber: String?

        static let schema = JSONSchema.object(
            [
                .init("plan_id", .integer), .init("order_bump_ids", .array(.integer)),
                .init("method", .enumeration(PaymentMethod.self)),
                .init(
                    "customer",
                    .object([
                        .init("name", .string), .init("email", .string), .init("cpf", .string), .init("phone", .string),
                    ])),
                .init(
                    "password", .string(description: "For a visitor: the password of the account the checkout makes.")),
                .init(
                    "card_number",
                    .string(description: "Sandbox only: 4111111111111111 is approved, anything else declined.")),
            ], required: ["plan_id", "method", "customer"])
    }

    struct CheckoutDTO: Content {
        let id: Int
        let status: CheckoutStatus
        let totalAmount: Int
        let totalFormatted: String
        let paymentMethod: PaymentMethod?
        let orderBumpIds: [Int]
        /// The Pix "copia e cola", while the charge is payable.
        let pixCode: String?
        /// The same as a QR code, as SVG; in the answer that starts the checkout only, not in every status poll.
        let pixQrSvg: String?
        let expiresAt: Date?
        /// Where to poll this checkout's status.
        let statusUrl: String
        /// For a card paid on the provider's own page (Mercado Pago's Checkout Pro): send the buyer there. In the
        /// answer that starts the checkout only.
        let redirectUrl: String?

        init(_ checkout: Checkout, appSecret: String, includesQRCode: Bool = false, redirectURL: String? = nil) {
            redirectUrl = redirectURL
            id = checkout.id ?? 0
            status = checkout.status
            totalAmount = checkout.totalAmount
            totalFormatted = Money(cents: checkout.totalAmount).formatted
            paymentMethod = checkout.paymentMethod
            orderBumpIds = checkout.orderBumpIDs?.value ?? []
            pixCode = checkout.status == .pending ? checkout.pixCode : nil
            pixQrSvg = includesQRCode ? pixCode.flatMap { try? QRCode(text: $0).svg(title: "Pix") } : nil
            expiresAt = checkout.paymentExpiresAt
            statusUrl =
                APIURL.checkout(id).path + "?token=" + CheckoutFlow.statusToken(checkoutID: id, appSecret: appSecret)
        }

        static let schema = JSONSchema.object([
            .init("id", .integer), .init("status", .enumeration(CheckoutStatus.self)), .init("total_amount", .integer),
            .init("total_formatted", .string), .init("payment_method", .nullable(.enumeration(PaymentMethod.self))),
            .init("order_bump_ids", .array(.integer)), .init("pix_code", .nullable(.string)),
            .init("pix_qr_svg", .nullable(.string)),
            .init("expires_at", .nullable(.dateTime)), .init("status_url", .string),
            .init("redirect_url", .nullable(.string)),
        ])
    }

    static let operations: [APIRoute] = [
        APIRoute(
            method: .POST, url: .checkouts,
            summary: "Start a checkout; the total is computed here from the plan and the ticked bumps",
            tag: "commerce", access: .anyone, requestBody: StartBody.schema,
            responses: [
                (
                    .created, "Started: a Pix code to pay, or a card already approved or declined",
                    .reference("Checkout")
                ),
                (.unprocessableEntity, "Some fields are not valid", .reference("Error")),
                (.conflict, "The e-mail has an account: sign in first", .reference("Error")),
                (
                    .tooManyRequests,
                    "Too many accounts tried or made from this address, or too many unpaid checkouts for this e-mail or CPF; see Retry-After",
                    .reference("Error")
                ),
                (.badGateway, "The payment provider failed or refused; nothing was charged", .reference("Error")),
                (.serviceUnavailable, "No payment gateway is active", .reference("Error")),
            ],
            handler: start),
        APIRoute(
            method: .GET, url: .checkout(nil), summary: "A checkout's status, with the token from status_url",
            tag: "commerce",
            access: .anyone,
            parameters: [
                .init(name: "id", location: .path, schema: .integer, description: "The checkout's id."),
                .init(
                    name: "token", location: .query, schema: .string, description: "From status_url.", isRequired: true),
            ],
            responses: [
                (.ok, "The checkout", .reference("Checkout")),
                (.notFound, "No such checkout, or a wrong token", .reference("Error")),
            ],
            handler: status),
    ]

    @Sendable static func start(req: Request) async throws -> Response {
        let body = try req.apiBody(StartBody.self)
        let input = CheckoutFlow.Input(
            planID: body.planId, bumpIDs: body.orderBumpIds ?? [], method: body.method ?? .pix,
            name: body.customer?.name ?? "",
            email: body.customer?.email ?? "", cpf: body.customer?.cpf ?? "", phone: body.customer?.phone ?? "",
            password: body.password, cardNumber: body.cardNumber)
        let appSecret = req.application.configuration.appSecret
        let started = try await CheckoutFlow.start(
            input, signedIn: req.signedInUser?.user, on: req.db, providers: await req.paymentProviderSetup(),
            now: req.now, mailer: try await req.checkoutMailer(),
            registerVisitor: { try await req.throttledRegistration($0) })
        return try APICoding.response(
            CheckoutDTO(
                started.checkout, appSecret: appSecret, includesQRCode: true, redirectURL: started.charge.redirectURL),
            status: .created)
    }

    @Sendable static func status(req: Request) async throws -> Response {
        let appSecret = req.application.configuration.appSecret
        guard let id = req.parameters.get("id", as: Int.self), let token = try? req.query.get(String.self, at: "token"),
            TokenDigest.constantTimeEquals(token, CheckoutFlow.statusToken(checkoutID: id, appSecret: appSecret)),
            let checkout = try await Checkout.find(id, on: req.db)
        else { throw Refusal.unknown(.checkout) }
        return try APICoding.response(CheckoutDTO(checkout, appSecret: appSecret))
    }
}
