// The admin panel.
extension Copy {
    public var adminNavigation: String { text("Áreas do painel", "Admin areas") }
    public var dashboard: String { text("Visão geral", "Dashboard") }
    public var users: String { text("Usuários", "Users") }
    public var supportContacts: String { text("Contatos de suporte", "Support contacts") }
    public var settings: String { text("Configurações", "Settings") }
    public var backToSite: String { text("Ver o site", "View site") }
    public var userCount: String { text("Usuários", "Users") }
    public var activeSubscriptionCount: String { text("Assinaturas ativas", "Active subscriptions") }
    public var pendingCheckoutCount: String { text("Checkouts pendentes", "Pending checkouts") }
}
