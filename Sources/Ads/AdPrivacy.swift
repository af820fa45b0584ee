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
            let parts = address.split(separator: ".")
            return parts.prefix(3).joined(separator: ".") + ".0"
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, address, &ipv6) == 1 {
            var bytes = withUnsafeBytes(of: &ipv6) { Array($0) }
            for index in 6..<16 { bytes[index] = 0 }
            var kept = in6_addr()
            withUnsafeMutableBytes(of: &kept) { $0.copyBytes(from: bytes) }
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &kept, &buffer, socklen_t(buffer.count)) != nil else { return nil }
            return String(cString: buffer)
        }
        return nil
    }

    public static func truncatedUserAgent(_ userAgent: String?) -> String? {
        guard let userAgent, !userAgent.isEmpty else { return nil }
        return String(userAgent.prefix(maximumUserAgentLength))
    }

    /// Crawlers, link previewers and monitors that announce themselves. A bot that pretends to be a browser is
    /// counted; this is about not inflating counts with the honest ones.
    public static func isBot(_ userAgent: String?) -> Bool {
        guard let userAgent = userAgent?.lowercased(), !userAgent.isEmpty else { return true }
        return botMarkers.contains { userAgent.contains($0) }
    }

    static let botMarkers = [
        "bot", "crawler", "spider", "slurp", "facebookexternalhit", "embedly", "preview", "curl/", "wget/", "python-requests",
        "httpclient", "lighthouse", "pingdom", "uptime", "monitor", "scrapy", "go-http-client",
    ]
}
