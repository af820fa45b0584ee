import Foundation

/// What tracking keeps about a visitor, under the LGPD's data minimisation: the network, not the address
/// (IPv4 /24, IPv6 /48), and at most 512 characters of user agent. Requests from common bots are not counted.
public enum AdPrivacy {
    public static let maximumUserAgentLength = 512

    /// "203.0.113.77" → "203.0.113.0"; "2001:db8:1234:5678::1" → "2001:db8:1234::"; anything else → nil.
    public static func truncatedIP(_ address: String?) -> String? {
        guard let address = address?.trimmingCharacters(in: .whitespaces), !address.isEmpty else { return nil }
        var ipv4 = in_addr()
        if inet_pton(AF_INET, address, &ipv4) == 1 {
            // The network's three bytes, in the order they are on the wire.
            let bytes = withUnsafeBytes(of: &ipv4) { Array($0) }
            return "\(bytes[0]).\(bytes[1]).\(bytes[2]).0"
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, address, &ipv6) == 1 {
            var bytes = withUnsafeBytes(of: &ipv6) { Array($0) }
            for index in 6..<16 { bytes[index] = 0 }
            var kept = in6_addr()
            withUnsafeMutableBytes(of: &kept) { $0.copyBytes(from: bytes) }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &kept, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return nil
    }

    public static func truncatedUserAgent(_ userAgent: String?) -> String? {
        guard let userAgent, !userAgent.isEmpty else { return nil }
        return String(userAgent.prefix(maximumUserAgentLength))
    }

    /// Crawlers, link previewers and monitors that announce themselves. A bot that pretends to be a browser is
    /// counted; this is about not inflating counts with the honest ones.
    /// It runs on every counted request, so it compares bytes: Foundation's `contains` on Linux goes through
    /// NSString and cost more than the rest of recording an impression.
    public static func isBot(_ userAgent: String?) -> Bool {
        guard let userAgent, !userAgent.isEmpty else { return true }
        let lowered = userAgent.utf8.map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }
        return botMarkerBytes.contains { marker in
            guard marker.count <= lowered.count else { return false }
            return (0...(lowered.count - marker.count)).contains { start in
                lowered[start] == marker[0] && lowered[start..<(start + marker.count)].elementsEqual(marker)
            }
        }
    }

    static let botMarkers = [
        "bot", "crawler", "spider", "slurp", "facebookexternalhit", "embedly", "preview", "curl/", "wget/",
        "python-requests",
        "httpclient", "lighthouse", "pingdom", "uptime", "monitor", "scrapy", "go-http-client",
    ]
    private static let botMarkerBytes = botMarkers.map { Array($0.utf8) }
}
