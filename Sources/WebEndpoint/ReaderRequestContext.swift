import Hummingbird
import NIOCore

/// A request's context: Hummingbird's core, and the address of the client's end of the connection
/// (the proxy's, behind a proxy), for the sign-up form's per-client limit.
package struct ReaderRequestContext: RequestContext, RemoteAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The connection's other end; `nil` in Hummingbird's in-memory tests.
    package let remoteAddress: SocketAddress?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
