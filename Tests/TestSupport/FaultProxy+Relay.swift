import Foundation

/// The per-connection request loop of `FaultProxy`: read a request, apply a fault or the
/// referrers responder, otherwise forward it and stream the response back.
extension FaultProxy {
    /// Thrown inside the response sink when a drop fault's byte budget is used up.
    private struct ConnectionCut: Error {}

    func serve(client: SocketConnection) {
        while true {
            guard let request = try? client.readHead() else { return }
            record("\(request.method) \(request.target)")
            guard let keepAlive = try? handle(request, client: client), keepAlive, !request.wantsClose else { return }
        }
    }

    /// Handles one request; returns whether the client connection may carry another.
    private func handle(_ request: HTTPHead, client: SocketConnection) throws -> Bool {
        var request = request
        if request.value("Expect")?.lowercased() == "100-continue" {
            // Answer here: the upstream connection is opened only once the body is on its way,
            // and a client left waiting for 100 would stall a second per upload.
            request.remove("Expect")
            try client.write(Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        if servesReferrersAPI, let storageDirectory,
           let response = ReferrersResponder(storageDirectory: storageDirectory)
               .response(method: request.method, target: request.target) {
            _ = try client.readBody(BodyFraming.request(request), limit: 1 << 26)
            try client.write(response)
            return true
        }
        switch takeFault(method: request.method, target: request.target) {
        case .respond(let status, let headers, let body)?:
            _ = try client.readBody(BodyFraming.request(request), limit: 1 << 30)
            let fields = headers.sorted { $0.key < $1.key }.map { HTTPField(name: $0.key, value: $0.value) }
            var response = HTTPHead.response(status: status, fields: fields, body: Data(body.utf8))
            if request.method == "HEAD", let end = response.range(of: Data("\r\n\r\n".utf8)) {
                response = response.prefix(upTo: end.upperBound)  // Content-Length stays, body goes
            }
            try client.write(response)
            return !HTTPHead(startLine: "", fields: fields).wantsClose
        case .stall(let seconds)?:
            Thread.sleep(forTimeInterval: seconds)
            return try forward(request, client: client, dropAfter: nil, corruptAt: nil)
        case .dropAfterResponseBytes(let count)?:
            _ = try forward(request, client: client, dropAfter: count, corruptAt: nil)
            return false
        case .corruptBody(let offset)?:
            return try forward(request, client: client, dropAfter: nil, corruptAt: offset)
        case .stallAfterResponseBytes(let count)?:
            _ = try forward(request, client: client, dropAfter: count, corruptAt: nil, holdAfterDrop: true)
            return false
        case .dribble(let rate)?:
            return try forward(request, client: client, dropAfter: nil, corruptAt: nil, bodyRate: rate)
        case .respondRaw(let text)?:
            _ = try client.readBody(BodyFraming.request(request), limit: 1 << 30)
            try client.write(Data(text.utf8))
            return false
        case .dropAfterRequestBytes(let count)?:
            _ = try? client.readBody(BodyFraming.request(request), limit: count)
            return false
        case nil:
            return try forward(request, client: client, dropAfter: nil, corruptAt: nil)
        }
    }

    /// Sends the request upstream on a fresh connection and streams the response back, cutting
    /// it after `dropAfter` bytes (or, with `holdAfterDrop`, going silent there until the client
    /// leaves), inverting the body byte at `corruptAt`, or pacing the body at `bodyRate` bytes/s.
    private func forward(_ request: HTTPHead, client: SocketConnection, dropAfter: Int?, corruptAt: Int?,
                         holdAfterDrop: Bool = false, bodyRate: Int? = nil) throws -> Bool {
        let upstream: SocketConnection
        do {
            upstream = try SocketConnection.connect(port: upstreamPort)
        } catch {
            _ = try? client.readBody(BodyFraming.request(request), limit: 1 << 30)
            try client.write(HTTPHead.response(
                status: 502, fields: [HTTPField(name: "Content-Type", value: "text/plain")],
                body: Data("FaultProxy: upstream \(self.upstream) unreachable: \(error)".utf8)))
            return false
        }
        defer {
            upstream.shutdown()
            upstream.close()
        }
        try upstream.write(request.serialized)
        try client.relayBody(BodyFraming.request(request), to: { try upstream.write($0) })
        guard let response = try upstream.readHead() else { throw HTTPWireError.truncated }
        let framing = BodyFraming.response(response, requestMethod: request.method)

        var budget = dropAfter
        let sink: (Data) throws -> Void = { data in
            guard let remaining = budget else { return try client.write(data) }
            if data.count >= remaining {
                try client.write(data.prefix(remaining))
                throw ConnectionCut()
            }
            budget = remaining - data.count
            try client.write(data)
        }
        let transform: ((Int, inout Data) -> Void)? = corruptAt.map { target in
            { offset, piece in
                guard target >= offset, target < offset + piece.count else { return }
                let index = piece.startIndex + (target - offset)
                piece[index] ^= 0xff
            }
        }
        let paced: (Data) throws -> Void = { data in
            guard let rate = bodyRate else { return try sink(data) }
            try Self.pace(data, bytesPerSecond: rate, to: sink)
        }
        do {
            try sink(response.serialized)
            try upstream.relayBody(framing, to: paced, transform: transform)
        } catch is ConnectionCut {
            if holdAfterDrop { Self.waitForClose(client) }
            client.shutdown()
            return false
        }
        return framing != .untilClose && !response.wantsClose
    }

    /// Writes `data` in pieces of a twentieth of `bytesPerSecond`, one every 50 ms.
    private static func pace(_ data: Data, bytesPerSecond: Int, to sink: (Data) throws -> Void) throws {
        let step = max(1, bytesPerSecond / 20)
        var start = data.startIndex
        while start < data.endIndex {
            let end = data.index(start, offsetBy: step, limitedBy: data.endIndex) ?? data.endIndex
            try sink(data[start..<end])
            start = end
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Sends nothing and waits until the client closes the connection (or the proxy stops).
    private static func waitForClose(_ client: SocketConnection) {
        while let piece = try? client.read(), !piece.isEmpty {}
    }
}
