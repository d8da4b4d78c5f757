package corpus

import (
	"fmt"
	"path"
	"strings"

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
	for _, pg := range p.Pages {
		for _, para := range pg.Paragraphs {
			body = append(body, para)
			splitParagraph(normalizeSpace(para), func(s string) {
				if hasWord(s) {
					doc.Sentences = append(doc.Sentences, Sentence{Doc: id, Title: doc.Title, Date: doc.Date,
						Pos: len(doc.Sentences), Text: s, Page: pg.Number})
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
