/// A QR code (ISO/IEC 18004, model 2) holding bytes, at error-correction level M, as the Pix page draws it: byte
/// mode, the smallest version that fits, and the mask with the lowest penalty. Written here, not taken from a
/// package, because no QR package is available to this project; `QRCodeTests` decodes the result with zbar.
public struct QRCode: Sendable, Equatable {
    /// 1 to 40.
    public let version: Int
    /// 0 to 7.
    public let mask: Int
    /// Modules per side: 17 + 4 × version.
    public let size: Int
    /// Row-major, `true` for a dark module.
    public private(set) var modules: [Bool]

    public enum Problem: Error, Equatable, Sendable {
        /// More bytes than version 40 at level M holds (2,331).
        case tooLong(bytes: Int)
    }

    public init(text: String) throws(Problem) {
        try self.init(bytes: Array(text.utf8))
    }

    public init(bytes: [UInt8]) throws(Problem) {
        guard let version = (1...40).first(where: { Self.fits(bytes.count, version: $0) }) else {
            throw .tooLong(bytes: bytes.count)
        }
        var symbol = Symbol(version: version)
        symbol.drawFunctionPatterns()
        symbol.drawCodewords(Self.interleavedCodewords(Self.dataCodewords(bytes, version: version), version: version))
        let mask = (0..<8).min { symbol.penalty(withMask: $0) < symbol.penalty(withMask: $1) } ?? 0
        symbol.applyMask(mask)
        symbol.drawFormatBits(mask: mask)
        self.version = version
        self.mask = mask
        self.size = symbol.size
        self.modules = symbol.modules
    }

    public func isDark(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < size && y < size && modules[y * size + x]
    }

    /// The code as SVG, one path of dark squares on a white square, with the 4-module quiet zone the standard
    /// asks for. It scales to any size without blurring; `pixelsPerModule` sets its intrinsic size, which CSS
    /// may override.
    public func svg(title: String? = nil, pixelsPerModule: Int = 6) -> String {
        let quiet = 4, side = size + 2 * quiet
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else { x += 1; continue }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                path += "M\(start + quiet) \(y + quiet)H\(x + quiet)V\(y + quiet + 1)H\(start + quiet)Z"
            }
        }
        let label = title.map { "<title>\(Self.xmlEscaped($0))</title>" } ?? ""
        let pixels = side * pixelsPerModule
        return
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(pixels)" height="\#(pixels)" viewBox="0 0 \#(side) \#(side)" shape-rendering="crispEdges" role="img">"#
            + label
            + ##"<rect width="\##(side)" height="\##(side)" fill="#fff"/><path fill="#000" d="\##(path)"/></svg>"##
    }

    static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    // MARK: Capacity (level M)

    /// Error-correction codewords per block at level M, by version (index 0 unused). ISO/IEC 18004 table 9.
    static let eccCodewordsPerBlock = [
        -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ]
    /// Error-correction blocks at level M, by version (index 0 unused). ISO/IEC 18004 table 9.
    static let eccBlocks = [
        -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29,
        31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ]
    /// The format information's two bits for level M.
    static let levelBits = 0b00

    /// Modules left for data and error correction once the function patterns are drawn.
    static func rawDataModules(version: Int) -> Int {
        var modules = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            modules -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { modules -= 36 }
        }
        return modules
    }

    static func dataCodewordCount(version: Int) -> Int {
        rawDataModules(version: version) / 8 - eccCodewordsPerBlock[version] * eccBlocks[version]
    }

    static func characterCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    static func fits(_ byteCount: Int, version: Int) -> Bool {
        byteCount < 1 << characterCountBits(version: version)
            && 4 + characterCountBits(version: version) + 8 * byteCount <= dataCodewordCount(version: version) * 8
    }

    // MARK: Data and error correction

    /// Mode, count, the bytes, the terminator, and the pad bytes 0xEC 0x11 up to the version's capacity.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: characterCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = dataCodewordCount(version: version) * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count * 8 < capacity {
            codewords.append(pad)
            pad = pad == 0xEC ? 0x11 : 0xEC
        }
        return codewords
    }

    /// Splits the data into the version's blocks, appends each block's Reed–Solomon codewords, and interleaves
    /// them: the first codeword of every block, then the second, and so on.
    static func interleavedCodewords(_ data: [UInt8], version: Int) -> [UInt8] {
        let blockCount = eccBlocks[version], eccLength = eccCodewordsPerBlock[version]
        let rawCodewords = rawDataModules(version: version) / 8
        let shortBlocks = blockCount - rawCodewords % blockCount
        let shortBlockLength = rawCodewords / blockCount
        let divisor = ReedSolomon.divisor(degree: eccLength)
        var blocks: [[UInt8]] = []
        var offset = 0
        for index in 0..<blockCount {
            let length = shortBlockLength - eccLength + (index < shortBlocks ? 0 : 1)
            let blockData = Array(data[offset..<offset + length])
            offset += length
            // Short blocks get a placeholder so all blocks line up; the interleaving skips it.
            var block = blockData + (index < shortBlocks ? [0] : [])
            block += ReedSolomon.remainder(of: blockData, divisor: divisor)
            blocks.append(block)
        }
        var result: [UInt8] = []
        result.reserveCapacity(rawCodewords)
        for column in 0..<blocks[0].count {
            for (index, block) in blocks.enumerated()
            where column != shortBlockLength - eccLength || index >= shortBlocks {
                result.append(block[column])
            }
        }
        return result
    }
}

/// The grid while it is drawn: modules, and which of them belong to function patterns (never masked).
private struct Symbol {
    let version: Int
    let size: Int
    var modules: [Bool]
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    func isDark(_ x: Int, _ y: Int) -> Bool { modules[y * size + x] }

    mutating func setFunction(_ x: Int, _ y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }

    var alignmentPositions: [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        return [6] + (0..<(count - 1)).map { size - 7 - $0 * step }.reversed()
    }

    mutating func drawFunctionPatterns() {
        for i in 0..<size {
            setFunction(6, i, dark: i % 2 == 0)
            setFunction(i, 6, dark: i % 2 == 0)
        }
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] { drawFinder(centerX: x, centerY: y) }
        let positions = alignmentPositions
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() {
                // Not where a finder pattern already is.
                let last = positions.count - 1
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(x + dx, y + dy, dark: max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        drawFormatBits(mask: 0)  // reserves the format areas; redrawn with the chosen mask
        drawVersion()
    }

    /// A finder pattern with its light separator, clipped at the symbol's edge.
    mutating func drawFinder(centerX: Int, centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centerX + dx, y = centerY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let distance = max(abs(dx), abs(dy))
                setFunction(x, y, dark: distance != 2 && distance != 4)
            }
        }
    }

    /// Level and mask, protected by a BCH(15,5) code and XORed with 0x5412, in its two copies; and the dark module.
    mutating func drawFormatBits(mask: Int) {
        let data = QRCode.levelBits << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 != 0 }
        for i in 0...5 { setFunction(8, i, dark: bit(i)) }
        setFunction(8, 7, dark: bit(6))
        setFunction(8, 8, dark: bit(7))
        setFunction(7, 8, dark: bit(8))
        for i in 9..<15 { setFunction(14 - i, 8, dark: bit(i)) }
        for i in 0..<8 { setFunction(size - 1 - i, 8, dark: bit(i)) }
        for i in 8..<15 { setFunction(8, size - 15 + i, dark: bit(i)) }
        setFunction(8, size - 8, dark: true)
    }

    /// Versions 7 and up carry their number, protected by a BCH(18,6) code, in two 6×3 blocks.
    mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for i in 0..<18 {
            let dark = (bits >> i) & 1 != 0
            let a = size - 11 + i % 3, b = i / 3
            setFunction(a, b, dark: dark)
            setFunction(b, a, dark: dark)
        }
    }

    /// Places the codewords' bits in the zigzag of two-module columns, right to left, skipping function modules
    /// and the vertical timing column.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    guard !isFunction[y * size + x], bitIndex < codewords.count * 8 else { continue }
                    modules[y * size + x] = (codewords[bitIndex >> 3] >> (7 - (bitIndex & 7))) & 1 != 0
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    static func masks(_ mask: Int, _ x: Int, _ y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: x * y % 2 + x * y % 3 == 0
        case 6: (x * y % 2 + x * y % 3) % 2 == 0
        default: ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    /// XORs the mask over the data modules; applying it twice undoes it.
    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Self.masks(mask, x, y) {
                modules[y * size + x].toggle()
            }
        }
    }

    /// The standard's penalty for the symbol drawn with `mask`.
    func penalty(withMask mask: Int) -> Int {
        var candidate = self
        candidate.applyMask(mask)
        candidate.drawFormatBits(mask: mask)
        return candidate.penalty()
    }

    /// Rule 1: runs of five or more of one colour in a row or column. Rule 2: 2×2 blocks of one colour. Rule 3:
    /// finder-like 1:1:3:1:1 patterns with four light modules on a side. Rule 4: a dark share far from half.
    func penalty() -> Int {
        var score = 0
        let finderLike: [Bool] = [true, false, true, true, true, false, true, false, false, false, false]
        let finderLikeReversed = Array(finderLike.reversed())
        for line in 0..<size {
            for horizontal in [true, false] {
                let cells = (0..<size).map { horizontal ? isDark($0, line) : isDark(line, $0) }
                var run = 1
                for i in 1..<size {
                    if cells[i] == cells[i - 1] {
                        run += 1
                    } else {
                        if run >= 5 { score += 3 + run - 5 }
                        run = 1
                    }
                }
                if run >= 5 { score += 3 + run - 5 }
                if size >= finderLike.count {
                    for start in 0...(size - finderLike.count) {
                        let window = cells[start..<start + finderLike.count]
                        if window.elementsEqual(finderLike) || window.elementsEqual(finderLikeReversed) { score += 40 }
                    }
                }
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = isDark(x, y)
                if colour == isDark(x + 1, y) && colour == isDark(x, y + 1) && colour == isDark(x + 1, y + 1) {
                    score += 3
                }
            }
        }
        let dark = modules.lazy.filter { $0 }.count, total = size * size
        let deviation = (abs(dark * 20 - total * 10) + total - 1) / total - 1
        score += max(0, deviation) * 10
        return score
    }
}

/// Bits appended most significant first.
private struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count bitCount: Int) {
        for shift in stride(from: bitCount - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 != 0 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8) }
            count += 1
        }
    }
}

/// Reed–Solomon error correction over GF(2⁸) with the QR code's polynomial x⁸ + x⁴ + x³ + x² + 1 (0x11D).
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        // Russian-peasant multiplication, reducing by 0x11D whenever the product overflows 8 bits.
        var product: UInt8 = 0
        for bit in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x1D)
            product ^= ((y >> UInt8(bit)) & 1) * x
        }
        return product
    }

    /// The generator polynomial (x − α⁰)(x − α¹)…(x − α^(degree−1)), highest coefficient first, leading 1 left out.
    static func divisor(degree: Int) -> [UInt8] {
        var result = Array(repeating: UInt8(0), count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    /// The error-correction codewords of `data`: its remainder modulo the divisor.
    static func remainder(of data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = Array(repeating: UInt8(0), count: divisor.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            for (index, coefficient) in divisor.enumerated() { result[index] ^= multiply(coefficient, factor) }
        }
        return result
    }
}
