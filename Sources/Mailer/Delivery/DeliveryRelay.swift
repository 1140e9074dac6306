/// One relay of a pool: its server settings and how hard to drive it.
package struct DeliveryRelay: Sendable {
    /// How the relay is named in the summary line: its URL.
    package var name: String
    /// How to reach it.
    package var settings: SMTPSettings
    /// Its parallel connections.
    package var connections: Int
    /// The most messages a second it may take; 0 for no limit.
    package var ratePerSecond: Double

    /// A relay; see the properties.
    package init(name: String, settings: SMTPSettings, connections: Int, ratePerSecond: Double) {
        self.name = name
        self.settings = settings
        self.connections = connections
        self.ratePerSecond = ratePerSecond
    }
}
