/// ferry's version: in the User-Agent of every request, the `dataVersion` annotation of a gather
/// index and the tool version of a stream. It lives with the OCI values because it is written
/// into them; the modules that print or send it all see OCI.
public enum FerryVersion {
    public static let current = "0.1.0"
}
