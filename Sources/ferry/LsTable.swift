import Config
import Foundation
import Inspect
import OCI

/// How `ferry ls` prints its images, in the formats `diff` prints its own (`-o`).
enum LsTable {
    static let header = ["reference", "digest", "media type", "platforms", "size", "referrers"]

    static func render(_ images: [ImageDetails], as format: DiffOutput.Format) -> String {
        switch format {
        case .table:
            return AceTable.render([header] + images.map { cells($0, size: Reporter.format($0.size)) })
        case .csv:
            return ([header] + images.map { cells($0, size: String($0.size)) }).map(CSVWriter.line).joined()
        case .json:
            let objects = images.map { image in
                "{\"reference\":\(GoJSON.quote(image.reference)),\"digest\":\(GoJSON.quote(image.digest.description)),"
                    + "\"mediaType\":\(GoJSON.quote(image.mediaType)),\"platforms\":[\(image.platforms.map(GoJSON.quote).joined(separator: ","))],"
                    + "\"size\":\(image.size),\"referrers\":\(image.referrers)}"
            }
            return "[" + objects.joined(separator: ",") + "]\n"
        }
    }

    private static func cells(_ image: ImageDetails, size: String) -> [String] {
        [image.reference, image.digest.description, image.mediaType, image.platforms.joined(separator: " "), size, String(image.referrers)]
    }
}
