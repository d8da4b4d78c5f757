package corpus

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"mssmbot/corpus/pdf"
)

// parsePDF reads a PDF (see package pdf): its paragraphs, page by page,
// split into sentences that keep their page number. The title is the PDF's
// own, else the file name; the date is its creation date.
func parsePDF(id string, data []byte) (Document, error) {
	p, err := pdf.Extract(data)
	if err != nil {
		return Document{}, &FileError{File: id, Err: err}
	}
	doc := Document{ID: id, Title: strings.TrimSpace(p.Title), Date: p.Date, BodyLine: 1, Format: "pdf"}
	fromName := doc.Title == ""
	if doc.Title == "" {
		doc.Title = strings.TrimSuffix(path.Base(id), path.Ext(id))
	}
	var body []string
	section := ""
	for _, pg := range p.Pages {
		for _, para := range pg.Paragraphs {
			body = append(body, para)
			para = normalizeSpace(para)
			if pdfHeading(para) {
				// The title line is no section; any other heading starts one.
				if !strings.EqualFold(para, doc.Title) {
					section = para
				}
				doc.Sentences = append(doc.Sentences, Sentence{Doc: id, Title: doc.Title, Date: doc.Date,
					Pos: len(doc.Sentences), Text: para, Page: pg.Number, Heading: true, Section: section})
				continue
			}
			splitParagraph(para, func(s string) {
				if hasWord(s) {
					doc.Sentences = append(doc.Sentences, Sentence{Doc: id, Title: doc.Title, Date: doc.Date,
						Pos: len(doc.Sentences), Text: s, Page: pg.Number, Section: section})
				}
			})
		}
	}
	doc.Body = strings.Join(body, "\n\n")
	if len(doc.Sentences) == 0 {
		return Document{}, &FileError{File: id, Err: fmt.Errorf("no text on any of its %d pages (a scan? it needs OCR first)", len(p.Pages))}
	}
	for _, pg := range p.Pages {
		if len(pg.Paragraphs) == 0 {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d has no text (a scan?)", pg.Number))
		}
	}
	doc.warn(fromName)
	return doc, nil
}

// pdfHeading: a paragraph that reads as a heading — a few words, capitalized
// or numbered ("2 Aftermath", "III. Security"), without a sentence's end.
func pdfHeading(p string) bool {
	words := strings.Fields(p)
	if len(words) == 0 || len(words) > 10 || endsSentence(p) || strings.HasSuffix(p, ",") || !hasWord(p) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}
