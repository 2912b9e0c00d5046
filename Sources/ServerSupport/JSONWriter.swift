import NIOCore

/// Writes JSON text straight into a `ByteBuffer`, byte for byte as Foundation's `JSONEncoder`
/// writes the same values (default options): strings escaped as it escapes them (`"`, `\`, `/`,
/// `\b \f \n \r \t`, other control characters as `\u00XX`, everything else as UTF-8), a `Double`
/// as its shortest round-trip `description` without a trailing `.0`.
///
/// For a hot answer whose shape is fixed (`POST /v1/route`): encoding a small value through
/// `JSONEncoder` on Linux builds a tree of boxed values and looks up generic metadata for every
/// key, which costs more than the decision itself. The caller writes the punctuation; a test
/// decodes the output with `JSONDecoder` and compares it with the `Codable` encoding.
public struct JSONWriter {
    public private(set) var buffer: ByteBuffer

    /// - Parameter capacity: bytes to reserve (the buffer grows past it if needed).
    public init(capacity: Int = 1024) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Punctuation or a key already in JSON form, written as is, e.g. `{"siteId":`.
    public mutating func raw(_ text: StaticString) {
        buffer.writeStaticString(text)
    }

    /// A JSON string: quoted and escaped.
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { bytes in
            buffer.writeInteger(UInt8(ascii: "\""))
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "/") else { continue }
                if start < index { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index]))) }
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): buffer.writeStaticString("\\\"")
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "/"): buffer.writeStaticString("\\/")
                case 0x08: buffer.writeStaticString("\\b")
                case 0x0C: buffer.writeStaticString("\\f")
                case 0x0A: buffer.writeStaticString("\\n")
                case 0x0D: buffer.writeStaticString("\\r")
                case 0x09: buffer.writeStaticString("\\t")
                default:
                    let hex: StaticString = "0123456789abcdef"
                    buffer.writeStaticString("\\u00")
                    buffer.writeInteger(hex.utf8Start[Int(byte >> 4)])
                    buffer.writeInteger(hex.utf8Start[Int(byte & 0xF)])
                }
            }
            if start < bytes.count { buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start...]))) }
            buffer.writeInteger(UInt8(ascii: "\""))
        }
    }

    /// A finite number (the caller checks: JSON has no infinity or NaN).
    public mutating func number(_ value: Double) {
        precondition(value.isFinite, "JSONWriter: \(value) has no JSON form")
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        buffer.writeString(text)
    }

    /// An integer.
    public mutating func number(_ value: Int) {
        buffer.writeString(String(value))
    }
}
