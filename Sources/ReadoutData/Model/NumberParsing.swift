import ReadoutCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Parses a decimal number the way SAS and R read one: optional sign, digits, optional fraction,
/// optional exponent, surrounding blanks allowed. Returns nil for anything else (including
/// `nan`, `inf`, hex and thousands separators, which `strtod` would accept).
public func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    var lo = 0
    var hi = bytes.count
    while lo < hi, bytes[lo] == 0x20 || bytes[lo] == 0x09 { lo += 1 }
    while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x09 { hi -= 1 }
    let n = hi - lo
    if n == 0 || n > 400 { return nil }
    // Validate the grammar first.
    var i = lo
    if bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
    var digits = 0
    var intValue: Int64 = 0
    var fitsInt = true
    while i < hi, bytes[i] >= 0x30, bytes[i] <= 0x39 {
        if digits < 18 { intValue = intValue * 10 + Int64(bytes[i] - 0x30) } else { fitsInt = false }
        digits += 1
        i += 1
    }
    var simpleInteger = fitsInt && digits > 0
    if i < hi, bytes[i] == 0x2E {
        simpleInteger = false
        i += 1
        while i < hi, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            digits += 1
            i += 1
        }
    }
    if digits == 0 { return nil }
    if i < hi, bytes[i] == 0x65 || bytes[i] == 0x45 {
        simpleInteger = false
        i += 1
        if i < hi, bytes[i] == 0x2B || bytes[i] == 0x2D { i += 1 }
        var e = 0
        while i < hi, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            e += 1
            i += 1
        }
        if e == 0 { return nil }
    }
    if i != hi { return nil }
    if simpleInteger {
        return bytes[lo] == 0x2D ? -Double(intValue) : Double(intValue)
    }
    // Correctly rounded conversion by the C library on a NUL-terminated copy.
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf in
        for k in 0..<n { buf[k] = CChar(bitPattern: bytes[lo + k]) }
        buf[n] = 0
        return strtod(buf.baseAddress!, nil)
    }
}

/// The number `s` holds (blanks around it allowed), or nil.
public func parseDouble(_ s: String) -> Double? {
    var s = s
    return s.withUTF8 { parseDouble($0) }
}
