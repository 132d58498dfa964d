import ArgumentParser
import Store

/// An IMAGE or destination argument: parsed once into its location, with the text as written
/// kept for the messages that name it.
struct ImageArgument: ExpressibleByArgument, Sendable, CustomStringConvertible {
    let text: String
    let location: ImageLocation

    init?(argument: String) {
        do {
            location = try ImageLocation(parsing: argument)
        } catch {
            ArgumentRefusals.shared.refuse(argument, "\(error)")
            return nil
        }
        text = argument
    }

    var description: String { text }
}
