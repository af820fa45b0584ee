/// What one message says, written once: the layout draws both its plain-text and its HTML part from these blocks,
/// so the two can't say different things.
public struct MailContent: Sendable, Equatable {
    public enum Block: Sendable, Equatable {
        case paragraph(String)
        /// A call to action: a button in HTML, the label and the link on their own lines in text.
        case button(label: String, url: String)
        /// Labelled values, as a receipt's lines: a table in HTML, `label: value` lines in text.
        case details([Detail])
        /// Text to copy exactly, such as a Pix copia-e-cola: monospaced, never wrapped or altered.
        case code(String)
    }

    public struct Detail: Sendable, Equatable {
        public let label: String
        public let value: String

        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public var subject: String
    /// The heading at the top of the message.
    public var heading: String
    public var blocks: [Block]

    public init(subject: String, heading: String, blocks: [Block]) {
        self.subject = subject
        self.heading = heading
        self.blocks = blocks
    }
}
