import Creators

extension CreatorListings.ModelEntry {
    /// The model's page: the site's own and the whitelabel ones live at different addresses.
    var path: String { source == .own ? SiteURL.creatorModel(id).path : SiteURL.whitelabelModel(id).path }
}
