import Testing

@testable import Localization

@Suite struct MoneyTests {
    @Test(arguments: [
        (0, "R$ 0,00"), (5, "R$ 0,05"), (1990, "R$ 19,90"), (123_456, "R$ 1.234,56"),
        (100_000_000, "R$ 1.000.000,00"), (-250, "-R$ 2,50"),
    ])
    func formatsCentsTheBrazilianWay(cents: Int, expected: String) {
        #expect(Money(cents: cents).formatted == expected)
    }

    @Test(arguments: [
        ("1.234,56", 123_456), ("1234,5", 123_450), ("R$ 10", 1000), ("R$10,00", 1000), ("10.00", 1000),
        ("1234", 123_400), ("1.234", 123_400), (" 0,99 ", 99), ("-5,00", -500), (",5", 50),
    ])
    func readsAmountsAsPeopleTypeThem(input: String, cents: Int) {
        #expect(Money(parsing: input)?.cents == cents)
    }

    @Test(arguments: ["", "R$", "abc", "1,234,56", "12.34.5", "1,999", "10.0.0", "1e5", "١٢٣"])
    func refusesWhatIsNotAnAmount(input: String) {
        #expect(Money(parsing: input) == nil)
    }
}
