/// List prices of the models AURA knows, in US dollars per million tokens, for the cost
/// estimates of `git aura stats` and `metrics`. A model not listed (a local server's) has no
/// estimate rather than a guessed one.
public enum ModelPricing {
    public struct Price: Sendable, Equatable {
        public var input: Double
        public var output: Double
    }

    /// Model id prefixes (Anthropic's published prices), longest match first.
    static let prices: [(prefix: String, price: Price)] = [
        ("claude-opus-4", Price(input: 15, output: 75)),
        ("claude-sonnet-4", Price(input: 3, output: 15)),
        ("claude-3-7-sonnet", Price(input: 3, output: 15)),
        ("claude-3-5-sonnet", Price(input: 3, output: 15)),
        ("claude-haiku-4", Price(input: 1, output: 5)),
        ("claude-3-5-haiku", Price(input: 0.8, output: 4)),
    ]

    /// The price of `model`, nil when unknown.
    public static func price(of model: String) -> Price? {
        prices.filter { model.hasPrefix($0.prefix) }.max { $0.prefix.count < $1.prefix.count }?.price
    }

    /// The estimated cost of `input` and `output` tokens of `model`, nil when its price is unknown.
    public static func cost(model: String, input: Int, output: Int) -> Double? {
        price(of: model).map { (Double(input) * $0.input + Double(output) * $0.output) / 1_000_000 }
    }
}
