extension ConfigurationFile {
    /// `smtp`: one relay object, or a list of them (a pool of relays that share the send).
    struct Relays: Decodable {
        /// The relays, in the file's order; one for the single-object form.
        var list: [SMTP]
        /// Whether the file gave a list.
        var isList: Bool

        init(from decoder: any Decoder) throws {
            if var items = try? decoder.unkeyedContainer() {
                var list: [SMTP] = []
                while !items.isAtEnd { list.append(try items.decode(SMTP.self)) }
                self.list = list
                isList = true
            } else {
                list = [try SMTP(from: decoder)]
                isList = false
            }
        }
    }
}
