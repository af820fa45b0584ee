import Foundation

// The whitelabel catalogue.
extension Copy {
    public var catalogue: String { text("Catálogo", "Catalogue") }
    public var newest: String { text("Mais recentes", "Newest") }
    public var mostPosts: String { text("Mais publicações", "Most posts") }
    public func postCount(_ count: Int) -> String {
        count == 1 ? text("1 publicação", "1 post") : text("\(count) publicações", "\(count) posts")
    }
    public func mediaCount(_ count: Int) -> String {
        count == 1 ? text("1 arquivo", "1 file") : text("\(count) arquivos", "\(count) files")
    }
    public var noModelsYet: String { text("Nenhuma criadora por aqui ainda.", "No creators here yet.") }
    public var noPostsYet: String { text("Nenhuma publicação ainda.", "No posts yet.") }
    public var lockedTitle: String { text("Conteúdo para assinantes", "For subscribers") }
    public var lockedCall: String {
        text("Assine para ver todas as fotos e vídeos.", "Subscribe to see every photo and video.")
    }
    public var subscribe: String { text("Assinar", "Subscribe") }
    public var morePosts: String { text("Ver mais publicações", "More posts") }
    public var video: String { text("Vídeo", "Video") }
    public var photo: String { text("Foto", "Photo") }
}

// Admin: the whitelabel moderation view.
extension Copy {
    public var whitelabel: String { text("Whitelabel", "Whitelabel") }
    public var all: String { text("Todos", "All") }
    public var posts: String { text("Publicações", "Posts") }
    public func modelStatus(_ raw: String) -> String {
        switch raw {
        case "new": text("Novo", "New")
        case "active": text("Ativo", "Active")
        case "hidden": text("Oculto", "Hidden")
        default: raw
        }
    }
    public var applyToSelected: String { text("Aplicar aos selecionados", "Apply to selected") }
    public var setStatusTo: String { text("Mudar situação para", "Set status to") }
    public var noModelsSelected: String { text("Selecione ao menos um modelo.", "Select at least one model.") }
    public func modelsChanged(_ count: Int) -> String {
        count == 1
            ? text("1 modelo alterado.", "1 model changed.")
            : text("\(count) modelos alterados.", "\(count) models changed.")
    }
    public var syncNow: String { text("Sincronizar agora", "Sync now") }
    public var syncWithPrune: String {
        text("Sincronizar e remover o que sumiu do bucket", "Sync and remove what left the bucket")
    }
    public var syncStarted: String { text("Sincronização iniciada.", "Sync started.") }
    public var syncReports: String { text("Últimas sincronizações", "Latest syncs") }
    public var noSyncYet: String { text("Nenhuma sincronização ainda.", "No sync yet.") }
    public func syncStatus(_ raw: String) -> String {
        switch raw {
        case "running": text("Em andamento", "Running")
        case "succeeded": text("Concluída", "Succeeded")
        case "failed": text("Falhou", "Failed")
        default: raw
        }
    }
    public var objects: String { text("Objetos", "Objects") }
    public var added: String { text("Adicionados", "Added") }
    public var updated: String { text("Atualizados", "Updated") }
    public var pruned: String { text("Removidos", "Removed") }
    public var skippedKeys: String { text("Ignorados", "Skipped") }
    public var pictures: String { text("Imagens", "Pictures") }
    public var iconURL: String { text("Ícone", "Icon") }
    public var bannerURL: String { text("Banner", "Banner") }
    public var thumbnailURL: String { text("Miniatura", "Thumbnail") }
    public var pictureHint: String {
        text(
            "Um endereço https:// ou uma chave do bucket. Vazio: usa o que a sincronização encontrar.",
            "An https:// address or a bucket key. Empty: whatever the sync finds.")
    }
    public var pictureInvalid: String {
        text("Use um endereço https:// ou uma chave do bucket.", "Use an https:// address or a bucket key.")
    }
    public var viewOnSite: String { text("Ver no site", "View on site") }
}

// The public catalogue: home, a creator's page, a post, search.
extension Copy {
    public var models: String { text("Modelos", "Models") }
    public var featuredModels: String { text("Em destaque", "Featured") }
    public var newestPosts: String { text("Publicações recentes", "Newest posts") }
    public var partner: String { text("Parceira", "Partner") }
    public var pages: String { text("Páginas", "Pages") }
    public var searchModels: String { text("Buscar modelos pelo nome", "Search models by name") }
    public var searchPlaceholder: String { text("Nome da modelo", "Model's name") }
    public var searchDescription: String { text("Encontre modelos pelo nome.", "Find models by name.") }
    public func searchResultsTitle(_ query: String) -> String { text("Busca: \(query)", "Search: \(query)") }
    public func noSearchResults(_ query: String) -> String {
        text("Nenhuma modelo encontrada para “\(query)”.", "No models found for “\(query)”.")
    }
    public func modelPageDescription(name: String, posts: Int) -> String {
        text("Fotos e vídeos de \(name): \(postCount(posts)).", "Photos and videos of \(name): \(postCount(posts)).")
    }
    public func postTitle(kind: String, model: String) -> String { text("\(kind) de \(model)", "\(kind) by \(model)") }
    public func postPageDescription(kind: String, model: String) -> String {
        text(
            "\(kind) de \(model). Conteúdo exclusivo para assinantes.", "\(kind) by \(model). Exclusive to subscribers."
        )
    }
    public func publishedOn(_ date: Date) -> String {
        text("Publicado em \(SiteClock.day(date, in: language))", "Published on \(SiteClock.day(date, in: language))")
    }
}
