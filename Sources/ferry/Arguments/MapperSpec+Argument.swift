import ArgumentParser
import Mapping

/// MAPPER is split into its type and argument while the command line is read; its file is read
/// when the `Mapper` is built, after every argument is known good.
extension MapperSpec: ExpressibleByArgument {
    public init?(argument: String) {
        do {
            self = try MapperSpec(parsing: argument)
        } catch {
            ArgumentRefusals.shared.refuse(argument, "\(error)")
            return nil
        }
    }
}
