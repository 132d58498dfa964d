import Streams

/// A sink that wants to see the response head before its first byte (e.g. 200 vs 206 to a Range).
public protocol ResponseAwareSink: ByteSink {
    func begin(status: Int, headers: HTTPHeaders) throws
}
