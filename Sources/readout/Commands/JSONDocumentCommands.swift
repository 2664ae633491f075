// The commands whose `--format json` prints a document of the results contract.

extension Validate: JSONDocumentCommand {
    var printsJSON: Bool { format == .json }
}

extension Responses: JSONDocumentCommand {
    var printsJSON: Bool { format == .json }
}

extension Recist: JSONDocumentCommand {
    var printsJSON: Bool { format == .json }
}

extension ConcordanceCommand: JSONDocumentCommand {
    var printsJSON: Bool { format == .json }
}

extension Escalate: JSONDocumentCommand {
    var printsJSON: Bool { format == .json }
}

extension Simulate: JSONDocumentCommand {
    var printsJSON: Bool { format == .json }
}

extension CheckText: JSONDocumentCommand {
    var printsJSON: Bool { format == .json }
}

extension PSA: JSONDocumentCommand {
    var printsJSON: Bool { format == .json }
}
