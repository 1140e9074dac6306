/// One relay of a pool: its server settings and how hard to drive it.
public struct DeliveryRelay: Sendable {
    /// How the relay is named in the summary line: its URL.
    public var name: String
    /// How to reach it.
    public var settings: SMTPSettings
    /// Its parallel connections.
    public var connections: Int
    /// The most messages a second it may take; 0 for no limit.
    public var ratePerSecond: Double

    /// A relay; see the properties.
    public init(name: String, settings: SMTPSettings, connections: Int, ratePerSecond: Double) {
        self.name = name
        self.settings = settings
        self.connections = connections
        self.ratePerSecond = ratePerSecond
    }
}
