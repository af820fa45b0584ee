import Schema

/// Which placements each ad type may appear in: the one statement of the rules. Validation, the admin form's
/// choices, serving and the tests all read it from here.
public enum AdPlacementRules {
    public static func placements(for type: AdType) -> [AdPlacement] {
        switch type {
        // A post-like card between a model's posts.
        case .diamond: [.feedModel]
        // Native blocks among the home page's sections and the models grid.
        case .diamondBlock: [.homeTop, .homeMiddle, .modelsGrid]
        case .banner: [.homeTop, .homeBottom, .login, .register, .footer]
        // Small ads beside content.
        case .spot: [.sidebar, .modelProfile, .modelSidebar, .postDetail]
        // The home page's carousel.
        case .hero: [.homeTop]
        }
    }

    public static func allows(_ type: AdType, in placement: AdPlacement) -> Bool {
        placements(for: type).contains(placement)
    }

    /// The types that may fill a placement, in `AdType`'s order.
    public static func types(for placement: AdPlacement) -> [AdType] {
        AdType.allCases.filter { allows($0, in: placement) }
    }
}
