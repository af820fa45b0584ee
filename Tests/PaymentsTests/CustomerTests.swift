import Testing

@testable import Payments

@Suite struct CPFTests {
    @Test(arguments: ["529.982.247-25", "52998224725", "111.444.777-35", " 111 444 777 35 "])
    func validCPFsAreRead(_ text: String) throws {
        let cpf = try #require(CPF(text))
        #expect(cpf.digits.count == 11)
    }

    @Test(arguments: [
        "529.982.247-24", "529.982.247-15", "111.111.111-11", "000.000.000-00", "5299822472", "529982247250",
        "abc.def.ghi-jk", "529.982.247-2a", "",
    ])
    func invalidCPFsAreRefused(_ text: String) {
        #expect(CPF(text) == nil)
    }

    @Test func aCPFIsFormattedWithItsPunctuation() {
        #expect(CPF("52998224725")?.formatted == "529.982.247-25")
    }
}

@Suite struct BrazilianPhoneTests {
    @Test func mobilesAndLandlinesAreReadInTheirCommonSpellings() throws {
        for text in ["(11) 91234-5678", "11912345678", "+55 11 91234-5678", "5511912345678", "011 91234-5678"] {
            let phone = try #require(BrazilianPhone(text), "\(text)")
            #expect(phone.formatted == "(11) 91234-5678")
            #expect(phone.e164 == "+5511912345678")
            #expect(phone.isMobile)
        }
        let landline = try #require(BrazilianPhone("(21) 3123-4567"))
        #expect(!landline.isMobile)
        #expect(landline.digits == "2131234567")
    }

    @Test(arguments: [
        "91234-5678", "(20) 91234-5678", "(11) 81234-5678", "(11) 1123-4567", "+1 11 91234-5678", "(11) 91234-567",
        "tel: 11912345678", "",
    ])
    func numbersWithoutAValidAreaCodeOrShapeAreRefused(_ text: String) {
        #expect(BrazilianPhone(text) == nil)
    }
}
