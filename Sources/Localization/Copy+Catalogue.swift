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
