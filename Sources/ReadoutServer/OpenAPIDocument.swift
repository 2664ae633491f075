/// The OpenAPI 3.1 document served at /openapi.json: docs/openapi.json, embedded by
/// scripts/make-openapi.py into OpenAPIDocument+Text.swift (a test checks that the two agree,
/// that every route is documented and every documented route exists).
public enum OpenAPIDocument {
    public static var bytes: [UInt8] { Array(text.utf8) }
}
