import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Closes a connection whose request does not arrive in full within ``ReaderEndpoint/bodyDeadline``
/// of its head, whatever its method and however slowly its bytes come.
///
/// Hummingbird's idle timeout bounds the wait for a head, but not a body that trickles in: a `GET`
/// declaring a terabyte and sending a byte every few seconds held its connection for ever, and
/// enough of them starved `/healthz`. The deadline runs from the head to the end of the request;
/// a route never waits on a body it does not read.
final class RequestBodyDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let deadline: TimeAmount
    private var timer: Scheduled<Void>?

    /// A handler closing requests that take longer than `deadline` from head to end.
    init(deadline: TimeAmount) {
        self.deadline = deadline
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            timer?.cancel()
            let channel = context.channel
            timer = context.eventLoop.assumeIsolated().scheduleTask(in: deadline) {
                channel.close(promise: nil)
            }
        case .end:
            timer?.cancel()
            timer = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    /// Puts ``OneRequestPerHTTP10Connection`` in front of the HTTP/1 decoding, where the version is known.
    func handlerAdded(context: ChannelHandlerContext) {
        let pipeline = context.pipeline.syncOperations
        guard let codec = try? pipeline.handler(type: HTTP1ToHTTPServerCodec.self) else { return }
        try? pipeline.addHandler(OneRequestPerHTTP10Connection(), position: .before(codec))
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }
}

/// Marks a request that does not ask to keep its connection (HTTP/1.0 without `keep-alive`) with
/// `Connection: close`, which is all the later stages look at: the answer then ends the connection
/// at once, where it used to linger until the idle timeout (HTTP/1.0 health checks, old clients).
final class OneRequestPerHTTP10Connection: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data), !head.isKeepAlive,
            !head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "close" })
        else {
            context.fireChannelRead(data)
            return
        }
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}
