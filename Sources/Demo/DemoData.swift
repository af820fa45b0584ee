import Commerce
import FluentKit
import Foundation
import Schema

/// The demo dataset: a small, believable pt-BR site. Each record has a natural key (a plan's name, a user's
/// e-mail, a post's content URL, …) and is added only when no record with that key exists, so loading twice adds
/// nothing and loading after a partial load completes it.
public enum DemoData {
    public static let admin = DemoAccount(
        name: "Equipe CreatorFlix", email: "admin@creatorflix.demo", password: "demo-admin-2026")
    public static let subscriber = DemoAccount(
        name: "Ana Souza", email: "assinante@creatorflix.demo", password: "demo-assinante-2026")

    public struct DemoAccount: Sendable {
        public let name: String
        public let email: String
        public let password: String
    }

    public static var plans: [Plan] {
        [
            Plan(
                name: "Mensal", price: 29_90, duration: 30,
                benefits: ["Acesso a todas as criadoras", "Novos conteúdos toda semana", "Cancele quando quiser"],
                // Recurring, so the demo shows a renewal: by itself on the sandbox's kept card, by reminder on Pix.
                ctaText: "Assinar o mensal", billing: .recurring, billingPeriod: BillingPeriod.monthly.iso8601),
            Plan(
                name: "Trimestral", price: 74_90, duration: 90,
                benefits: ["Tudo do plano mensal", "Economia de 16%", "Acesso antecipado aos lançamentos"],
                ctaText: "Assinar o trimestral"),
            Plan(
                name: "Anual", price: 239_90, duration: 365,
                benefits: ["Tudo do plano trimestral", "Economia de 33%", "Conteúdo bônus exclusivo"],
                ctaText: "Assinar o anual"),
        ]
    }

    public static var orderBumps: [OrderBump] {
        [
            OrderBump(
                name: "Pack de fotos em alta resolução", offerDescription: "Baixe os ensaios completos em 4K.",
                price: 9_90, displayOrder: 1),
            OrderBump(
                name: "Bastidores em vídeo", offerDescription: "Making of de todos os ensaios do mês.",
                price: 14_90, displayOrder: 2),
            OrderBump(
                name: "Chamada de boas-vindas", offerDescription: "Uma chamada de vídeo de 5 minutos com a criadora.",
                price: 49_90, displayOrder: 3),
        ]
    }

    public struct DemoCreator: Sendable {
        public let name: String
        public let bio: String
        public let isFeatured: Bool
        public let isAdvertiser: Bool
        public let picture: Int
        public let postTitles: [String]
    }

    public static let creators: [DemoCreator] = [
        .init(
            name: "Júlia Andrade", bio: "Fotógrafa e modelo de São Paulo. Ensaios urbanos toda semana.",
            isFeatured: true, isAdvertiser: false, picture: 1,
            postTitles: ["Fim de tarde na Paulista", "Ensaio no Beco do Batman", "Café da manhã em casa"]),
        .init(
            name: "Camila Rocha", bio: "Carioca, surfista e criadora de conteúdo fitness.",
            isFeatured: true, isAdvertiser: true, picture: 2,
            postTitles: ["Treino na praia de Ipanema", "Pôr do sol no Arpoador", "Rotina de alongamento"]),
        .init(
            name: "Larissa Mendes", bio: "Moda autoral de Belo Horizonte, com looks novos toda sexta.",
            isFeatured: false, isAdvertiser: false, picture: 3,
            postTitles: ["Look de inverno", "Bastidores do desfile", "Provador da semana"]),
        .init(
            name: "Beatriz Nogueira", bio: "Viajante. Diários de viagem pelo Nordeste.",
            isFeatured: false, isAdvertiser: false, picture: 4,
            postTitles: ["Lençóis Maranhenses", "Jericoacoara ao entardecer", "Feira de São Joaquim"]),
        .init(
            name: "Fernanda Lima", bio: "Dançarina e coreógrafa. Aulas e ensaios de dança.",
            isFeatured: true, isAdvertiser: false, picture: 5,
            postTitles: ["Coreografia nova", "Ensaio no estúdio", "Aula de forró"]),
    ]

    public static func ads(now: Date) -> [Ad] {
        [
            Ad(
                name: "Hero — campanha de verão", type: .hero, placement: .homeTop, status: .active,
                title: "Verão CreatorFlix", subtitle: "Novos ensaios de praia todos os dias",
                ctaText: "Ver lançamentos", imageURL: "/demo/banner-1.svg", link: "https://example.com/verao",
                category: "campanha", priority: 10),
            Ad(
                name: "Banner — plano anual", type: .banner, placement: .homeBottom, status: .active,
                title: "Plano anual com 33% de desconto", subtitle: "Pague uma vez, aproveite o ano todo",
                ctaText: "Quero o anual", imageURL: "/demo/banner-2.svg", link: "https://example.com/planos/anual",
                category: "planos", priority: 5),
            Ad(
                name: "Spot — parceira na barra lateral", type: .spot, placement: .sidebar, status: .active,
                title: "Conheça a Camila Rocha", subtitle: "Treinos e bastidores", ctaText: "Conhecer",
                imageURL: "/demo/avatar-2.svg", link: "https://example.com/camila", category: "parceiros"),
            Ad(
                name: "Diamond — post patrocinado no feed", type: .diamond, placement: .feedModel, status: .active,
                title: "Moda praia com 20% off", subtitle: "Cupom CREATORFLIX20", ctaText: "Aproveitar",
                imageURL: "/demo/post-3.svg", link: "https://example.com/moda-praia", category: "parceiros"),
            Ad(
                name: "Diamond block — grade de modelos", type: .diamondBlock, placement: .modelsGrid,
                status: .active, title: "Seja uma criadora", subtitle: "Publique seu conteúdo na CreatorFlix",
                ctaText: "Saiba mais", imageURL: "/demo/post-5.svg", link: "https://example.com/criadoras",
                category: "recrutamento", priority: 1),
            Ad(
                name: "Banner — tela de login (rascunho)", type: .banner, placement: .login, status: .draft,
                title: "Indique uma amiga e ganhe um mês", link: "https://example.com/indique",
                category: "indicacao", startDate: now, endDate: now.addingTimeInterval(30 * 86_400)),
        ]
    }

    public static var supportContacts: [SupportContact] {
        [
            SupportContact(platform: "WhatsApp", url: "https://wa.me/5511999990000"),
            SupportContact(platform: "Telegram", url: "https://t.me/creatorflix_suporte"),
            SupportContact(platform: "E-mail", url: "mailto:suporte@creatorflix.demo"),
        ]
    }

    public static let settings: [(key: String, value: String)] = [
        ("site_name", "CreatorFlix"),
        ("logo_url", "/demo/logo.svg"),
        ("language", "pt-BR"),
        ("support_text", "Atendimento de segunda a sábado, das 9h às 21h."),
    ]
}
