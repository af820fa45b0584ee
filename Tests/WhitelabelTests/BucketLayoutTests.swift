import Schema
import Testing

@testable import Whitelabel

@Suite struct BucketLayoutTests {
    @Test(arguments: [
        (
            "wl/Ana Clara/Ensaio de Verão/0001.JPG",
            BucketLayout.Entry.media(model: "Ana Clara", post: "Ensaio de Verão", type: .image)
        ),
        ("wl/ana/p1/clip.mov", .media(model: "ana", post: "p1", type: .video)),
        ("wl/ana/p1/live.m3u8", .media(model: "ana", post: "p1", type: .video)),
        ("wl/ana/icon.png", .modelPicture(model: "ana", picture: .icon)),
        ("wl/ana/Banner.webp", .modelPicture(model: "ana", picture: .banner)),
        ("wl/ana/thumbnail.jpeg", .modelPicture(model: "ana", picture: .thumbnail)),
        ("wl/ana/capa.jpg", .skipped(.notInAPost)),
        ("wl/ana/icon.txt", .skipped(.unknownExtension)),
        ("wl/ana/p1/notes.txt", .skipped(.unknownExtension)),
        ("wl/ana/p1/extra/deep.jpg", .skipped(.tooDeep)),
        ("wl/solto.jpg", .skipped(.notInAPost)),
        ("wl/ana/p1/", .skipped(.folderMarker)),
        ("wl/", .skipped(.folderMarker)),
        ("wl/ana//x.jpg", .skipped(.unsafeName)),
        ("wl/ana/../x.jpg", .skipped(.unsafeName)),
        ("wl/ana/p1/semextensao", .skipped(.unknownExtension)),
    ])
    func classifiesKeys(key: String, expected: BucketLayout.Entry) {
        #expect(BucketLayout.classify(key, prefix: "wl/") == expected)
    }
}
