/// The OS and CPU an image runs on, as in an index entry's `platform`.
///
/// `matches` normalises the way containerd does, because users type `linux/aarch64` or
/// `linux/arm64/v8` and expect them to select the `linux/arm64` entry of an index.
public struct Platform: Sendable, Hashable, Codable, CustomStringConvertible {
    public var architecture: String
    public var os: String
    /// JSON `os.version` (Windows build numbers).
    public var osVersion: String?
    /// JSON `os.features`.
    public var osFeatures: [String]?
    public var variant: String?
    /// Not in image-spec v1.1's Go struct, so `goJSON()` drops it as ace-dt would; kept for reading.
    public var features: [String]?

    public init(os: String, architecture: String, variant: String? = nil) {
        self.os = os
        self.architecture = architecture
        self.variant = variant
    }

    /// Parses `os/arch[/variant]` as given to `--platforms`.
    public init(parsing string: String) throws {
        let parts = string.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (2...3).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && !$0.contains(where: \.isWhitespace) })
        else { throw OCIError.invalidPlatform(string) }
        self.init(os: parts[0], architecture: parts[1], variant: parts.count == 3 ? parts[2] : nil)
    }

    /// True when both name the same platform after containerd-style normalisation
    /// (x86_64→amd64, aarch64→arm64, arm64/v8 = arm64, arm = arm/v7, os case-insensitive).
    /// `os.version` and features are not compared.
    public func matches(_ other: Platform) -> Bool {
        normalized == other.normalized
    }

    /// `os/arch[/variant]`, the form `init(parsing:)` accepts.
    public var description: String {
        var text = "\(os)/\(architecture)"
        if let variant, !variant.isEmpty { text += "/\(variant)" }
        return text
    }

    private var normalized: [String] {
        var os = os.lowercased()
        if os == "macos" { os = "darwin" }
        var arch = architecture.lowercased()
        var variant = (variant ?? "").lowercased()
        switch arch {
        case "i386":
            arch = "386"
            variant = ""
        case "x86_64", "x86-64", "amd64":
            arch = "amd64"
            if variant == "v1" { variant = "" }
        case "aarch64", "arm64":
            arch = "arm64"
            if ["8", "v8", "v8.0"].contains(variant) { variant = "" }
        case "armhf":
            arch = "arm"
            variant = "v7"
        case "armel":
            arch = "arm"
            variant = "v6"
        case "arm":
            if variant.isEmpty || variant == "7" {
                variant = "v7"
            } else if ["5", "6", "8"].contains(variant) {
                variant = "v" + variant
            }
        default:
            break
        }
        return [os, arch, variant]
    }

    private enum CodingKeys: String, CodingKey {
        case architecture, os
        case osVersion = "os.version"
        case osFeatures = "os.features"
        case variant, features
    }
}
