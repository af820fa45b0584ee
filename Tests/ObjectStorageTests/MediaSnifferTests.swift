import Testing

@testable import ObjectStorage

@Suite struct MediaSnifferTests {
    static func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

    static let samples: [(bytes: [UInt8], kind: MediaSniffer.Kind)] = [
        ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46, 0, 1], .jpeg),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], .png),
        (ascii("GIF89a") + [1, 0, 1, 0, 0, 0], .gif),
        (ascii("RIFF") + [0x24, 0, 0, 0] + ascii("WEBP"), .webp),
        ([0, 0, 0, 0x20] + ascii("ftypisom"), .mp4),
        ([0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 1, 0x42, 0xF7, 0x81], .webm),
    ]

    static let others: [[UInt8]] = [
        ascii("<svg xmlns="), ascii("%PDF-1.7\n%"), ascii("RIFF\u{0}\u{0}\u{0}\u{0}WAVE"), [0xFF, 0xD8], [],
        ascii("<?php echo"),
    ]

    @Test func recognisesMediaByItsFirstBytes() {
        for sample in Self.samples {
            #expect(MediaSniffer.kind(of: sample.bytes) == sample.kind, "\(sample.kind)")
        }
    }

    @Test func refusesEverythingElse() {
        for bytes in Self.others {
            #expect(MediaSniffer.kind(of: bytes) == nil, "\(bytes)")
        }
    }
}
