import Foundation
import Testing
@testable import OCI

struct PlatformTests {
    @Test(arguments: [
        ("linux/amd64", "linux", "amd64", nil as String?),
        ("linux/arm64/v8", "linux", "arm64", "v8"),
        ("windows/amd64", "windows", "amd64", nil),
    ])
    func parses(input: String, os: String, architecture: String, variant: String?) throws {
        let platform = try Platform(parsing: input)
        #expect(platform == Platform(os: os, architecture: architecture, variant: variant))
        #expect(platform.description == input)
    }

    @Test(arguments: ["", "linux", "linux/", "/amd64", "linux/arm/v7/extra", "linux//v7", "linux/ amd64", "linux/arm/"])
    func rejects(input: String) {
        let error = ociError { try Platform(parsing: input) }
        #expect(error == .invalidPlatform(input))
        #expect(error?.description.contains("expected os/arch[/variant]") == true)
    }

    @Test(arguments: [
        ("linux/amd64", "linux/x86_64", true),
        ("linux/arm64", "linux/aarch64", true),
        ("linux/arm64", "linux/arm64/v8", true),
        ("Linux/AMD64", "linux/amd64", true),
        ("linux/arm", "linux/arm/v7", true),
        ("linux/armhf", "linux/arm/v7", true),
        ("linux/arm/6", "linux/arm/v6", true),
        ("linux/i386", "linux/386", true),
        ("linux/amd64", "linux/arm64", false),
        ("linux/amd64", "windows/amd64", false),
        ("linux/arm", "linux/arm/v6", false),
        ("linux/arm64", "linux/arm64/v9", false),
    ])
    func matches(lhs: String, rhs: String, expected: Bool) throws {
        let a = try Platform(parsing: lhs), b = try Platform(parsing: rhs)
        #expect(a.matches(b) == expected)
        #expect(b.matches(a) == expected)
    }

    @Test func decodesDottedKeys() throws {
        let json = #"{"architecture":"amd64","os":"windows","os.version":"10.0.17763.1","os.features":["win32k"],"features":["sse4"]}"#
        let platform = try JSONDecoder().decode(Platform.self, from: Data(json.utf8))
        #expect(platform.osVersion == "10.0.17763.1")
        #expect(platform.osFeatures == ["win32k"])
        #expect(platform.features == ["sse4"])
        #expect(platform.variant == nil)
    }
}
