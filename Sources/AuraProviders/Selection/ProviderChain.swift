import AuraHeal

/// Providers in the configured order (`aura.provider = rules,claude`): each later provider is
/// asked only about the problems no earlier provider had a usable candidate for — so a model is
/// never paid to fix what a rule already fixes.
public struct ProviderChain: HealProvider {
    public let providers: [HealProvider]
    public var name: String { providers.map(\.name).joined(separator: ",") }

    public init(_ providers: [HealProvider]) { self.providers = providers }

    public func propose(_ request: HealRequest) async throws -> [HealCandidate] {
        var all: [HealCandidate] = []
        var remaining = request
        for provider in providers {
            guard !remaining.problems.isEmpty else { break }
            let found = try await provider.propose(remaining)
            all += found
            let handled = Set(found.filter { $0.rejection == nil }.map(\.problem.id))
            remaining.problems.removeAll { handled.contains($0.id) }
        }
        return all
    }

    /// Follow-ups go to every provider of the chain: each asks again only about the problems
    /// its own answers were rejected for.
    public func reflect(_ request: HealRequest) async throws -> [HealCandidate] {
        var all: [HealCandidate] = []
        for provider in providers { all += try await provider.reflect(request) }
        return all
    }
}
