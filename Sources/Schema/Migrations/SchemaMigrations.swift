import FluentKit

/// The schema's history in order: the seed's twelve steps (0000–0011), adoption's two (which change nothing on a
/// database that isn't the original app's), then ours.
public enum SchemaMigrations {
    /// With no adoption to make: what tests and a fresh site run. A clear gateway secret found on the way stops
    /// the step, since there is no key here to seal it with.
    public static var all: [any Migration] {
        all(adopting: AdoptionOptions()) { _ in
            throw SchemaStepError("a gateway secret in clear needs APP_SECRET to seal it")
        }
    }

    /// - Parameters:
    ///   - options: `migrate`'s flags for the original app's database: its time zone, and the enum values to map or keep.
    ///   - seal: `SecretBox.seal` under the site's `APP_SECRET`, for the gateway secrets the original kept in clear.
    public static func all(
        adopting options: AdoptionOptions, sealingSecretsWith seal: @escaping @Sendable (String) throws -> String
    )
        -> [any Migration]
    {
        [
            // The seed's history.
            CreateInitialSchema(),
            CreateSubscriptions(),
            AddPlanDuration(),
            AddUserNameAndSubscriptionStatus(),
            CreateSupportContacts(),
            CreatePaymentGateways(),
            CreateCheckouts(),
            AddModelAdvertiserFlag(),
            AddCheckoutOrderBumpIds(),
            CreateOrderBumps(),
            CreateAds(),
            CreateAdTracking(),
            // Adoption's.
            ConvertOriginalColumns(sourceTimeZone: options.sourceTimeZone),
            SealGatewaySecrets(seal: seal),
            // Ours.
            AddIndexes(),
            CheckEnumValues(valueMaps: options.valueMaps, keptColumns: options.keptColumns),
            CreateAuthTables(),
            CreateWhitelabelSyncTables(),
            AddMediaKeyByteOrderIndex(),
            AddCatalogueReadColumns(),
            CreatePaymentEvents(),
            AddCheckoutPaymentCode(),
            AddGatewayWebhookSecret(),
            CreateSubscriptionAudits(),
            AddCommerceReadColumns(),
            AddCheckoutGateway(),
            NameAdoptedCheckoutsGateway(),
            CreateAdDailyCounts(),
            CreateAdPlacementDailyCounts(),
            CreateAccountCreations(),
            CreateEmailTables(),
            AddRecurringPlans(),
            AddSubscriptionRenewals(),
            AddSubscriptionGrace(),
            AddAutomaticRenewals(),
            AddMemberRenewalChoices(),
            AddGatewaySettings(),
            AddGatewayMethods(),
        ]
    }
}
