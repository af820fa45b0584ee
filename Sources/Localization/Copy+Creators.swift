// The site's own catalogue (creators and their posts) in the admin panel.
extension Copy {
    public var creatorModels: String { text("Modelos", "Models") }
    public var newCreatorModel: String { text("Nova modelo", "New model") }
    public var searchByName: String { text("Buscar por nome", "Search by name") }
    public var noCreatorModels: String { text("Nenhuma modelo encontrada.", "No models found.") }
    public var modelDescription: String { text("Descrição", "Description") }
    public var featured: String { text("Em destaque na página inicial", "Featured on the home page") }
    public var advertiser: String { text("Parceira (mostra um selo)", "Partner (shows a badge)") }
    public var iconFile: String { text("Ou envie o ícone", "Or upload the icon") }
    public var bannerFile: String { text("Ou envie o banner", "Or upload the banner") }
    public var imageURLOrUpload: String {
        text(
            "Um endereço https://, ou envie uma imagem JPG, PNG, WebP ou GIF.",
            "An https:// address, or upload a JPG, PNG, WebP or GIF image.")
    }
    public var modelNameRequired: String { text("Informe o nome.", "Enter the name.") }
    public var modelNameTooLong: String {
        text("O nome pode ter até 100 caracteres.", "The name can have up to 100 characters.")
    }
    public var descriptionTooLong: String {
        text("A descrição pode ter até 2000 caracteres.", "The description can have up to 2000 characters.")
    }
    public var imageURLInvalid: String { text("Use um endereço https://.", "Use an https:// address.") }
    public var uploadNotAnImage: String {
        text("O arquivo não é uma imagem JPG, PNG, WebP ou GIF.", "The file is not a JPG, PNG, WebP or GIF image.")
    }
    public func uploadTooLarge(megabytes: Int) -> String {
        text("O arquivo passa do limite de \(megabytes) MB.", "The file is over the \(megabytes) MB limit.")
    }
    public var modelSaved: String { text("Modelo salva.", "Model saved.") }
    public var modelDeleted: String { text("Modelo excluída.", "Model deleted.") }
    public var deleteModel: String { text("Excluir modelo", "Delete model") }
    public func deleteModelWarning(name: String, posts: Int) -> String {
        posts == 0
            ? text("Excluir \(name)? Ela não tem publicações.", "Delete \(name)? She has no posts.")
            : text(
                "Excluir \(name) e as \(posts) publicações dela? Isso não pode ser desfeito.",
                "Delete \(name) and her \(posts) posts? This can't be undone.")
    }
    public var confirmDelete: String { text("Sim, excluir", "Yes, delete") }
    public var cancel: String { text("Cancelar", "Cancel") }
}

// Admin: posts of the site's own models.
extension Copy {
    public var creatorPosts: String { text("Publicações", "Posts") }
    public var newPost: String { text("Nova publicação", "New post") }
    public var postTitle: String { text("Título", "Title") }
    public var contentURL: String { text("Endereço do conteúdo", "Content address") }
    public var contentFile: String { text("Ou envie a foto ou o vídeo", "Or upload the photo or video") }
    public var contentHint: String {
        text(
            "Um endereço https://, ou envie JPG, PNG, WebP, GIF, MP4 ou WebM.",
            "An https:// address, or upload JPG, PNG, WebP, GIF, MP4 or WebM.")
    }
    public var mediaType: String { text("Tipo", "Type") }
    public var contentRequired: String {
        text("Informe um endereço ou envie um arquivo.", "Give an address or upload a file.")
    }
    public var uploadNotMedia: String {
        text(
            "O arquivo não é uma imagem (JPG, PNG, WebP, GIF) nem um vídeo (MP4, WebM).",
            "The file is not an image (JPG, PNG, WebP, GIF) or a video (MP4, WebM).")
    }
    public var titleTooLong: String {
        text("O título pode ter até 200 caracteres.", "The title can have up to 200 characters.")
    }
    public var postSaved: String { text("Publicação salva.", "Post saved.") }
    public var postDeleted: String { text("Publicação excluída.", "Post deleted.") }
    public var deletePost: String { text("Excluir publicação", "Delete post") }
    public var noPosts: String { text("Nenhuma publicação ainda.", "No posts yet.") }
}
