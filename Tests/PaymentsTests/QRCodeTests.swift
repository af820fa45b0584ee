import Foundation
import Testing

@testable import Payments

/// The QR encoder, checked by a real decoder: zbar (Debian's zbar-tools, installed by scripts/test) reads the
/// SVG we draw and must give back the very bytes.
@Suite struct QRCodeTests {
    @Test func capacitiesAtLevelMMatchTheStandard() {
        // ISO/IEC 18004 table 7: data codewords at level M.
        #expect(QRCode.dataCodewordCount(version: 1) == 16)
        #expect(QRCode.dataCodewordCount(version: 7) == 124)
        #expect(QRCode.dataCodewordCount(version: 10) == 216)
        #expect(QRCode.dataCodewordCount(version: 40) == 2334)
        #expect(QRCode.fits(14, version: 1))
        #expect(!QRCode.fits(15, version: 1))
        #expect(QRCode.fits(2331, version: 40))
        #expect(!QRCode.fits(2332, version: 40))
        #expect(throws: QRCode.Problem.tooLong(bytes: 2332)) { try QRCode(bytes: Array(repeating: 0x41, count: 2332)) }
    }

    @Test func reedSolomonMatchesTheStandardsWorkedExample() {
        // ISO/IEC 18004 annex I: "01234567" at version 1-M; its 16 data codewords and their 10 EC codewords.
        let data: [UInt8] = [16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17]
        let ecc = ReedSolomon.remainder(of: data, divisor: ReedSolomon.divisor(degree: 10))
        #expect(ecc == [165, 36, 212, 193, 237, 54, 199, 135, 44, 85])
    }

    @Test func theVersionIsTheSmallestThatFits() throws {
        #expect(try QRCode(text: "Pix").version == 1)
        #expect(try QRCode(text: PixBRCodeTests.manualExample).version == 8)
        #expect(try QRCode(text: String(repeating: "x", count: 300)).size == 17 + 4 * 13)
    }

    static var zbarimg: String? {
        ["/usr/bin/zbarimg", "/usr/local/bin/zbarimg"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Writes the code at 4 pixels a module as a PGM image (grey levels, no library needed) and returns what
    /// zbar reads from it.
    static func decoded(_ code: QRCode, zbar: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let scale = 4, quiet = 4, side = (code.size + 2 * quiet) * scale
        var pixels = Data("P5\n\(side) \(side)\n255\n".utf8)
        for py in 0..<side {
            for px in 0..<side {
                pixels.append(code.isDark(x: px / scale - quiet, y: py / scale - quiet) ? 0 : 255)
            }
        }
        let raster = folder.appendingPathComponent("code.pgm")
        try pixels.write(to: raster)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: zbar)
        process.arguments = ["--raw", "-q", "-Sbinary", raster.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The modules the SVG's path paints, read back from its `M x y H x2 V y2 H x Z` runs.
    static func paintedModules(_ svg: String, size: Int) throws -> [Bool] {
        let path = try #require(svg.firstMatch(of: /d="([^"]*)"/)?.1)
        var modules = Array(repeating: false, count: size * size)
        for run in path.matches(of: /M(\d+) (\d+)H(\d+)V(\d+)H(\d+)Z/) {
            // The numbers are digits by the pattern; the quiet zone is 4 modules.
            let numbers = try [run.1, run.2, run.3, run.4, run.5].map { try #require(Int($0)) - 4 }
            let (left, top, right) = (numbers[0], numbers[1], numbers[2])
            #expect(numbers[3] == top + 1, "a run is one module high")
            #expect(numbers[4] == left, "a run closes where it started")
            for x in left..<right { modules[top * size + x] = true }
        }
        return modules
    }

    // A fixed, valid code is among them: the list can't be built without it.
    // swift-format-ignore: NeverUseForceTry
    static let payloads: [String] = [
        "Pix",
        PixBRCodeTests.manualExample,
        try! PixBRCode(
            key: "pix@creatorflix.com.br", merchantName: "CreatorFlix", merchantCity: "São Paulo",
            amountCents: 4_990, transactionID: "CF000123"
        ).payload(),
        String(repeating: "0123456789abcdef", count: 40),
    ]

    @Test(.enabled(if: zbarimg != nil, "needs zbarimg (Debian's zbar-tools)"))
    func zbarReadsBackWhatWasEncoded() throws {
        let zbar = try #require(Self.zbarimg)
        for payload in Self.payloads {
            let code = try QRCode(text: payload)
            #expect(try Self.decoded(code, zbar: zbar) == payload, "version \(code.version), mask \(code.mask)")
        }
    }

    /// zbar's image library here can't rasterise SVG, so the SVG is checked to paint exactly the modules that
    /// zbar decoded above.
    @Test func theSVGPaintsExactlyTheCodesModules() throws {
        for payload in Self.payloads {
            let code = try QRCode(text: payload)
            #expect(try Self.paintedModules(code.svg(), size: code.size) == code.modules, "version \(code.version)")
        }
    }

    @Test func theSVGHasAQuietZoneAndEscapesItsTitle() throws {
        let svg = try QRCode(text: "Pix").svg(title: "Pix <copia e cola>")
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" width="174" height="174" viewBox="0 0 29 29""#))
        #expect(svg.contains("<title>Pix &lt;copia e cola&gt;</title>"))
    }
}
