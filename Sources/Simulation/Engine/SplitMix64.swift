/// A small, fast, seedable random number generator: SplitMix64 (Steele, Lea and Flood,
/// "Fast splittable pseudorandom number generators", OOPSLA 2014; constants of Vigna's
/// `splitmix64.c`).
///
/// The same seed always gives the same sequence, on every platform, which is what reproducible
/// simulations need. Not for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The generator's whole state.
    public private(set) var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A new generator seeded from this one: an independent stream for one part of a model (so
    /// that, say, changing staffing does not change the arrival sequence).
    public mutating func split() -> SplitMix64 {
        SplitMix64(seed: next())
    }
}
