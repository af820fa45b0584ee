import DatabaseTestBed
import Foundation
import Schema
import Testing
import Vapor
import VaporTesting

@testable import APISchema
@testable import App

/// Ads to serve, and the ads API as a browser calls it.
enum AdFixtures {
    static let browser: HTTPHeaders = [
        "User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
    ]

    static func ad(
        _ app: Application, _ title: String, type: AdType = .spot, placement: AdPlacement = .sidebar,
        status: AdStatus = .active,
        priority: Int = 0, link: String = "https://parceiro.example.com/oferta"
    ) async throws -> Ad {
        let ad = Ad(
            name: title, type: type, placement: placement, status: status, title: title, link: link, priority: priority)
        try await ad.create(on: app.db)
        return ad
    }

    static func serve(_ app: Application, _ query: String, headers: HTTPHeaders = browser, method: HTTPMethod = .GET)
        async throws
        -> (TestingHTTPResponse, [String])
    {
        let response = try await app.testing().sendRequest(method, APIURL.ads.path + "?" + query, headers: headers)
        let json = try? JSONDecoder().decode(JSONValue.self, from: response.body)
        guard case .array(let ads)? = json?["ads"] else { return (response, []) }
        return (response, ads.compactMap { APIClient.string($0["title"]) })
    }
}
