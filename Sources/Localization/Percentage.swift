import Foundation

/// A rate as Brazilians write it: one decimal, a decimal comma, "12,5%".
public enum Percentage {
    public static func formatted(_ fraction: Double) -> String {
        String(format: "%.1f%%", fraction * 100).replacingOccurrences(of: ".", with: ",")
    }
}
