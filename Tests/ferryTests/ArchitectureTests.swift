import Foundation
import Testing

/// docs/architecture.md's table of what each module may import is the truth: Package.swift
/// declares exactly those dependencies, no source file imports more, and each C library is
/// imported, in each module that uses it, by exactly the one file the table names.
@Suite struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let cLibraries: Set<String> = ["CCurl", "CLinux", "CArchive", "CCrypto"]

    /// module → (allowed project modules, C library file or nil), from the table.
    static func table() throws -> [String: (allowed: Set<String>, shim: String?)] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        var result: [String: (Set<String>, String?)] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("| module") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, !cells[1].hasPrefix("---") else { continue }
            let allowed = cells[2] == "—" ? [] : Set(cells[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let shim = cells[3].split(separator: "`").dropFirst().first.map(String.init)
            result[cells[1]] = (allowed, shim)
        }
        return result
    }

    /// target → its dependencies that are project modules or C libraries, from Package.swift.
    static func packageDependencies() throws -> [String: Set<String>] {
        let text = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        var result: [String: Set<String>] = [:]
        let pattern = try NSRegularExpression(pattern: #"\.(?:target|executableTarget)\(name: "(\w+)"(?:, dependencies: \[([^\]]*)\])?"#)
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            guard let name = Range(match.range(at: 1), in: text).map({ String(text[$0]) }) else { continue }
            let list = Range(match.range(at: 2), in: text).map { String(text[$0]) } ?? ""
            let names = list.split(separator: ",").compactMap { item -> String? in
                let trimmed = item.trimmingCharacters(in: .whitespacesAndNewlines)
                guard trimmed.hasPrefix("\"") else { return nil }
                return trimmed.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            result[name] = Set(names)
        }
        return result
    }

    /// module → project modules and C libraries its sources import; C library → importing files.
    static func imports(of modules: Set<String>) throws -> (byModule: [String: Set<String>], shimFiles: [String: [String]]) {
        var byModule: [String: Set<String>] = [:]
        var shimFiles: [String: [String]] = [:]
        for module in modules {
            let directory = root.appendingPathComponent("Sources/\(module)")
            guard let walker = FileManager.default.enumerator(atPath: directory.path) else { continue }
            while let file = walker.nextObject() as? String {
                guard file.hasSuffix(".swift") else { continue }
                let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let index = words.firstIndex(of: "import"), index + 1 < words.count,
                          words[..<index].allSatisfy({ $0.hasPrefix("@") || $0 == "internal" || $0 == "public" }) else { continue }
                    let imported = String(words[index + 1])
                    if modules.contains(imported) { byModule[module, default: []].insert(imported) }
                    if cLibraries.contains(imported) {
                        byModule[module, default: []].insert(imported)
                        shimFiles[imported, default: []].append("\(module)/\(file)")
                    }
                }
            }
        }
        return (byModule, shimFiles)
    }

    @Test func theTableMatchesPackageSwiftAndTheImports() throws {
        let table = try Self.table()
        let package = try Self.packageDependencies()
        let modules = Set(table.keys)
        #expect(modules.count >= 17, "the table lists \(modules.sorted())")
        let (imported, shimFiles) = try Self.imports(of: modules)
        for (module, entry) in table {
            let declared = (package[module] ?? []).filter { modules.contains($0) }
            #expect(declared == entry.allowed, "\(module): Package.swift has \(declared.sorted()), the table \(entry.allowed.sorted())")
            let used = (imported[module] ?? []).filter { modules.contains($0) }
            #expect(used.isSubset(of: entry.allowed), "\(module) imports \(used.subtracting(entry.allowed).sorted()) beyond the table")
        }
        for library in Self.cLibraries {
            let owners = table.compactMap { module, entry in entry.shim.map { (module, $0) } }
                .filter { (package[$0.0] ?? []).contains(library) }
            // A library may serve several modules (CCrypto: OCI's digests, GoTemplate's sprig crypto),
            // each through its one file.
            #expect(!owners.isEmpty, "\(library) is a dependency of no module with a wrapper file")
            #expect((shimFiles[library] ?? []).sorted() == owners.map(\.1).sorted(), "\(library) is imported by \(shimFiles[library] ?? [])")
        }
    }
}
