import ReadoutAnalysis

/// The special functions of ReadoutAnalysis (checked against R there).
enum SpecialFunctionsBridge {
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double { SpecialFunctions.incompleteBeta(x, a, b) }
    static func normalQuantile(_ p: Double) -> Double { SpecialFunctions.normalQuantile(p) }
}
