package corpus

// HTML pages (.html, .htm): the main text of the page as corpus/htmldoc
// reads it (golang.org/x/net/html: navigation, scripts and page furniture
// left out; title and date from the page's own metadata), its headings,
// lists and tables read as for markdown.

import (
	"errors"
	"path"
	"strings"

	"mssmbot/corpus/htmldoc"
)

// isHTML: the file is read as an HTML page.
func isHTML(id string) bool {
	ext := strings.ToLower(path.Ext(id))
	return ext == ".html" || ext == ".htm"
}

// parseHTML reads an HTML page into a document.
func parseHTML(id string, data []byte) (Document, error) {
	page, err := htmldoc.Extract(data)
	if err != nil {
		return Document{}, &FileError{File: id, Err: err}
	}
	doc := Document{ID: id, BodyLine: 1, Format: "html", Title: page.Title, Date: page.Date}
	r := &mdReader{}
	bs := page.Blocks
	for i := 0; i < len(bs); i++ {
		b := bs[i]
		switch b.Kind {
		case htmldoc.Heading:
			r.heading(min(max(b.Level, 1), 6), normalizeSpace(b.Text))
		case htmldoc.Paragraph:
			// A lead-in paragraph goes with the list after it.
			if i+1 < len(bs) && bs[i+1].Kind == htmldoc.ListItem && bs[i+1].Lead != "" && strings.HasSuffix(strings.TrimSpace(b.Text), ":") {
				continue
			}
			r.sentences(b.Text)
		case htmldoc.ListItem:
			j := i
			var items []string
			for ; j < len(bs) && bs[j].Kind == htmldoc.ListItem && bs[j].Lead == b.Lead; j++ {
				items = append(items, normalizeSpace(bs[j].Text))
			}
			r.items(items, normalizeSpace(b.Lead))
			i = j - 1
		case htmldoc.TableRow:
			if cells := b.Cells; len(cells) > 0 && hasWord(strings.Join(cells, " ")) {
				var clean []string
				for _, c := range cells {
					clean = append(clean, strings.TrimRight(normalizeSpace(c), "."))
				}
				r.emit(rowText(b.Header, clean), false)
			}
		}
	}
	segs := r.out
	if doc.Title == "" {
		for _, s := range segs {
			if s.heading {
				doc.Title = s.text
				break
			}
		}
	}
	fromName := doc.Title == ""
	if fromName {
		doc.Title = strings.TrimSuffix(path.Base(id), path.Ext(id))
	}
	var body []string
	for i, s := range segs {
		doc.Sentences = append(doc.Sentences, Sentence{Doc: id, Title: doc.Title, Date: doc.Date, Pos: i, Text: s.text,
			Heading: s.heading, Section: s.section, Lead: s.lead})
		body = append(body, s.text)
	}
	if len(doc.Sentences) == 0 || len(doc.Sentences) == 1 && doc.Sentences[0].Heading {
		return Document{}, &FileError{File: id, Err: errors.New("html: the page has no main text")}
	}
	doc.Body = strings.Join(body, "\n")
	doc.warn(fromName)
	return doc, nil
}
