import FluentKit

/// The schema's history in order: the seed's twelve steps (0000–0011), then ours.
public enum SchemaMigrations {
    public static var all: [any Migration] {
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
            // Ours.
            AddIndexes(),
            CheckEnumValues(),
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
            CreateAdDailyCounts(),
            CreateAdPlacementDailyCounts(),
            CreateAccountCreations(),
            CreateEmailTables(),
        ]
    }
}
