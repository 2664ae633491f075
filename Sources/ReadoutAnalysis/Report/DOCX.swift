import ReadoutCore
import ReadoutData

/// A submission table as a Word document (Office Open XML, ECMA-376), written directly: the same
/// layout as the RTF (landscape letter, Courier New 9 pt, title and population centred, a rule
/// above and below the header and below the last row, footnotes in 8 pt). The package holds the
/// three parts Word needs ([Content_Types].xml, _rels/.rels, word/document.xml), stored
/// uncompressed, dated 1980-01-01: the bytes depend only on the table.
enum DOCXWriter {
    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// The .docx bytes of `t`.
    static func document(_ t: SubmissionTable) -> [UInt8] {
        ZipArchive.stored([
            ("[Content_Types].xml", Array(contentTypes.utf8)), ("_rels/.rels", Array(relationships.utf8)),
            ("word/document.xml", Array(body(t).utf8)),
        ])
    }

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
        </Types>
        """

    static let relationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" \
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="word/document.xml"/></Relationships>
        """

    static func run(_ text: String, bold: Bool = false, size: Int = 18) -> String {
        "<w:r><w:rPr><w:rFonts w:ascii=\"Courier New\" w:hAnsi=\"Courier New\" w:cs=\"Courier New\"/>"
            + (bold ? "<w:b/>" : "") + "<w:sz w:val=\"\(size)\"/></w:rPr><w:t xml:space=\"preserve\">"
            + Markup.escape(text) + "</w:t></w:r>"
    }

    static func paragraph(_ text: String, centred: Bool, bold: Bool = false, size: Int = 18) -> String {
        "<w:p><w:pPr>" + (centred ? "<w:jc w:val=\"center\"/>" : "") + "<w:spacing w:after=\"0\"/></w:pPr>"
            + run(text, bold: bold, size: size) + "</w:p>"
    }

    static func body(_ t: SubmissionTable) -> String {
        // Landscape letter with 0.75 inch margins: 13,680 twips of text width, as in the RTF.
        let first = 4600
        let rest = max(1300, (13_600 - first) / max(1, t.header.count - 1))
        let widths = t.header.indices.map { $0 == 0 ? first : rest }
        func row(_ cells: [String], bold: Bool, top: Bool, bottom: Bool) -> String {
            var s = "<w:tr>"
            for (k, cell) in cells.enumerated() {
                var borders = ""
                if top { borders += "<w:top w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"000000\"/>" }
                if bottom { borders += "<w:bottom w:val=\"single\" w:sz=\"8\" w:space=\"0\" w:color=\"000000\"/>" }
                s +=
                    "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[min(k, widths.count - 1)])\" w:type=\"dxa\"/>"
                    + (borders.isEmpty ? "" : "<w:tcBorders>\(borders)</w:tcBorders>") + "</w:tcPr>"
                    + "<w:p><w:pPr><w:jc w:val=\"\(k == 0 ? "left" : "center")\"/><w:spacing w:after=\"0\"/></w:pPr>"
                    + run(cell, bold: bold) + "</w:p></w:tc>"
            }
            return s + "</w:tr>"
        }
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        s += "<w:document xmlns:w=\"\(wordNamespace)\"><w:body>"
        s += paragraph(t.title, centred: true, bold: true) + paragraph(t.population, centred: true)
        s += paragraph("", centred: false)
        s += "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
        s += widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        s += row(t.header, bold: true, top: true, bottom: true)
        for (k, r) in t.rows.enumerated() { s += row(r, bold: false, top: false, bottom: k == t.rows.count - 1) }
        s += "</w:tbl>" + paragraph("", centred: false)
        for f in t.footnotes { s += paragraph(f, centred: false, size: 16) }
        s += "<w:sectPr><w:pgSz w:w=\"15840\" w:h=\"12240\" w:orient=\"landscape\"/>"
        s += "<w:pgMar w:top=\"1080\" w:right=\"1080\" w:bottom=\"1080\" w:left=\"1080\" w:header=\"720\" "
        s += "w:footer=\"720\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>\n"
        return s
    }
}
