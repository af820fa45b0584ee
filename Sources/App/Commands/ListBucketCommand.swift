import Foundation
import ObjectStorage
import Vapor
import Whitelabel

/// `creatorflix list-bucket`: lists the whitelabel folder of the bucket without touching the database, and says
/// how the sync would read each key. For checking credentials and layout before a first sync, and the baseline
/// of the sync benchmark.
struct ListBucketCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String {
        "Lists the whitelabel folder of the bucket (WHITELABEL_PREFIX) and counts what the sync would do with it."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let prefix = app.configuration.whitelabelPrefix
        var objects = 0
        var bytes = 0
        var media = 0
        var pictures = 0
        var skipped: [BucketLayout.SkipReason: Int] = [:]
        let started = ContinuousClock.now
        for try await page in app.objectStore.pages(prefix: prefix) {
            for object in page.objects {
                objects += 1
                bytes += object.size
                switch BucketLayout.classify(object.key, prefix: prefix) {
                case .media: media += 1
                case .modelPicture: pictures += 1
                case .skipped(let reason): skipped[reason, default: 0] += 1
                }
            }
        }
        let elapsed = ContinuousClock.now - started
        context.console.print("Objects:   \(objects) (\(bytes) bytes) below '\(prefix)'")
        context.console.print("Media:     \(media)")
        context.console.print("Pictures:  \(pictures)")
        for (reason, count) in skipped.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            context.console.print("Skipped:   \(count) \(reason.rawValue)")
        }
        context.console.print("Listed in \(elapsed)")
    }
}
