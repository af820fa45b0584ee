import Foundation
import Schema
import Testing
import Vapor
import VaporTesting

@testable import APISchema
@testable import App

/// Files to upload: the first bytes that make each kind what it is.
enum UploadFixtures {
    static let mp4: [UInt8] = [0, 0, 0, 0x20] + Array("ftypisom".utf8) + Array(repeating: 0, count: 3000)
}
