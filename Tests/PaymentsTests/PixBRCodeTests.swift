import Testing

@testable import Payments

@Suite struct PixBRCodeTests {
    /// The example of the Banco Central's "Manual de Padrões para Iniciação do Pix" (static code, random key).
    static let manualExample =
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal"
        + "6008BRASILIA62070503***63041D3D"

    @Test func theCRCIsCCITTFalse() {
        // The catalogue check value of CRC-16/CCITT-FALSE.
        #expect(CRC16.ccittFalse("123456789".utf8) == 0x29B1)
        #expect(CRC16.ccittFalse([UInt8]()) == 0xFFFF)
    }

    @Test func theManualsExampleIsReproducedWithItsCRC() throws {
        let code = PixBRCode(
            key: "123e4567-e12b-12d1-a456-426655440000", merchantName: "Fulano de Tal", merchantCity: "BRASILIA")
        #expect(try code.payload() == Self.manualExample)
        #expect(PixBRCode.hasValidCRC(Self.manualExample))
    }

    @Test func aChangedPayloadFailsItsCRC() {
        #expect(!PixBRCode.hasValidCRC(Self.manualExample.replacingOccurrences(of: "Fulano", with: "Beltra")))
        #expect(!PixBRCode.hasValidCRC("6304"))
    }

    @Test func anAmountAndATransactionIDGoInTheirFields() throws {
        let payload = try PixBRCode(
            key: "pix@creatorflix.com.br", merchantName: "CreatorFlix Ltda", merchantCity: "São Paulo",
            amountCents: 123_456,
            transactionID: "CF-000042 abc"
        ).payload()
        #expect(payload.contains("54071234.56"))
        #expect(payload.contains("6009Sao Paulo"), "accents folded, length counted in bytes")
        #expect(payload.contains("62150511CF000042abc"), "the txid keeps letters and digits only")
        #expect(payload.hasPrefix("000201"))
        #expect(PixBRCode.hasValidCRC(payload))
    }

    @Test func amountsHaveTwoDecimalsAndNoSeparators() {
        #expect(PixBRCode.amount(1) == "0.01")
        #expect(PixBRCode.amount(990) == "9.90")
        #expect(PixBRCode.amount(4990) == "49.90")
        #expect(PixBRCode.amount(123_456_789) == "1234567.89")
    }

    @Test func badInputIsRefused() {
        #expect(throws: PixBRCode.Problem.keyMissing) {
            try PixBRCode(key: "", merchantName: "A", merchantCity: "B").payload()
        }
        #expect(throws: PixBRCode.Problem.amountNotPositive) {
            try PixBRCode(key: "k", merchantName: "A", merchantCity: "B", amountCents: 0).payload()
        }
        #expect(throws: PixBRCode.Problem.fieldTooLong(id: "01")) {
            try PixBRCode(key: String(repeating: "k", count: 100), merchantName: "A", merchantCity: "B").payload()
        }
    }
}
