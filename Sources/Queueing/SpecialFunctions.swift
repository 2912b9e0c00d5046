#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Special functions the queueing formulas need, for positive real arguments.
enum SpecialFunctions {
    /// The digamma function ψ(x) = Γ'(x)/Γ(x) for x > 0.
    ///
    /// Recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series
    /// ψ(x) ≈ ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ) (Abramowitz and Stegun 6.3.18), accurate to
    /// about one unit in the last place.
    static func digamma(_ value: Double) -> Double {
        var x = value
        var shift = 0.0
        while x < 10 {
            shift -= 1 / x
            x += 1
        }
        let inverse = 1 / x
        let inverse2 = inverse * inverse
        // B2/2 = 1/12, B4/4 = -1/120, B6/6 = 1/252, B8/8 = -1/240, B10/10 = 1/132, B12/12 = -691/32760
        let series =
            inverse2
            * (1.0 / 12
                - inverse2
                * (1.0 / 120
                    - inverse2 * (1.0 / 252 - inverse2 * (1.0 / 240 - inverse2 * (1.0 / 132 - inverse2 * 691.0 / 32760)))))
        return shift + log(x) - 0.5 * inverse - series
    }

    /// The continued fraction of the upper incomplete gamma function,
    /// F(a, x) = Γ(a, x) eˣ x⁻ᵃ = 1/(x + 1 − a − 1(1 − a)/(x + 3 − a − 2(2 − a)/(x + 5 − a − ⋯))),
    /// by the modified Lentz method (Press et al., Numerical Recipes, 3rd ed., §6.2). It
    /// converges quickly for x > a + 1, where it is used.
    static func upperGammaFraction(_ a: Double, _ x: Double) -> Double {
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 100_000 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
            i += 1
        }
        return h
    }

    /// ln Γ(x) for x > 0.
    static func logGamma(_ x: Double) -> Double {
        lgamma(x)
    }

    /// The standard normal distribution function Φ(x) = erfc(−x/√2)/2.
    static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// The standard normal density φ(x) = e^(−x²/2)/√(2π).
    static func normalDensity(_ x: Double) -> Double {
        exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
    }
}
