package corpus

// Markdown read as markdown (github.com/yuin/goldmark with its GFM tables
// and footnotes): headings give every unit its section path, a list item
// carries its list's lead-in sentence, a table row carries its header
// cells, and emphasis, links, code spans and footnote references are read
// as the text they show.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// maxShortItem is the most words a list item may have for the list to be
// read as one sentence ("The following governments fund it: Sweden, Norway
// and Canada.").
const maxShortItem = 10

// sectionSep joins the headings of a section path.
const sectionSep = " › "

// markdownSegments splits a markdown body into headings and sentences, each
// with its section path.
func markdownSegments(body string) []segment {
	src := []byte(body)
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Footnote, extension.Strikethrough))
	doc := md.Parser().Parse(text.NewReader(src))
	r := &mdReader{src: src}
	r.blocks(doc)
	return r.out
}

type mdReader struct {
	src  []byte
	out  []segment
	path []string // the headings above, by level (index 0 is level 1)
}

func (r *mdReader) section() string {
	var parts []string
	// The level-1 heading is the document's title, not a section.
	for i, h := range r.path {
		if i > 0 && h != "" {
			parts = append(parts, h)
		}
	}
	return strings.Join(parts, sectionSep)
}

func (r *mdReader) emit(s string, heading bool) {
	if t := normalizeSpace(s); hasWord(t) {
		r.out = append(r.out, segment{text: t, heading: heading, section: r.section()})
	}
}

// sentences splits a paragraph's text into sentences and emits them.
func (r *mdReader) sentences(p string) {
	splitParagraph(normalizeSpace(p), func(s string) { r.emit(s, false) })
}

// blocks reads the block children of n in order.
func (r *mdReader) blocks(n ast.Node) {
	var lead string // a paragraph ending in ":" introduces the list after it
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch b := c.(type) {
		case *ast.Heading:
			h := normalizeSpace(r.inline(b))
			// "Kenya sent 400." over a "---" line is a sentence before a rule.
			if r.setext(b) && endsSentence(h) && !strings.HasSuffix(h, "?") {
				r.sentences(h)
				lead = ""
				continue
			}
			r.heading(b.Level, h)
			lead = ""
			continue
		case *ast.Paragraph, *ast.TextBlock:
			p := normalizeSpace(r.inline(b))
			lead = ""
			l, list := c.NextSibling().(*ast.List)
			if list && strings.HasSuffix(p, ":") && hasWord(p) && !r.shortList(l) {
				// Long items are units of their own, each carrying the lead-in.
				at := len(r.out)
				r.sentences(p)
				if at < len(r.out) {
					lead = r.out[len(r.out)-1].text
				}
				continue
			}
			if list && strings.HasSuffix(p, ":") && hasWord(p) {
				// The lead-in goes with the list's items, not alone.
				var ss []string
				splitParagraph(p, func(s string) { ss = append(ss, s) })
				if len(ss) == 0 {
					continue
				}
				for _, s := range ss[:len(ss)-1] {
					r.emit(s, false)
				}
				lead = ss[len(ss)-1]
				continue
			}
			r.sentences(p)
			continue
		case *ast.List:
			r.list(b, lead)
		case *east.Table:
			r.table(b)
		case *ast.Blockquote:
			r.blocks(b)
		case *east.FootnoteList:
			for f := b.FirstChild(); f != nil; f = f.NextSibling() {
				r.blocks(f)
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock, *ast.ThematicBreak:
			// Code, raw HTML and rules hold no sentences.
		default:
			r.blocks(c)
		}
		lead = ""
	}
}

// list reads a list: with a lead-in and short items, one sentence naming
// them all; otherwise each item is a unit (its lead-in a sentence before it).
func (r *mdReader) list(l *ast.List, lead string) {
	var raw []string
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		if t := normalizeSpace(r.itemText(it)); t != "" {
			raw = append(raw, t)
		}
	}
	if len(raw) == 0 || r.joinShort(raw, lead) {
		return
	}
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		t := normalizeSpace(r.itemText(it))
		if t == "" {
			continue
		}
		at := len(r.out)
		r.sentences(t)
		r.setLead(at, lead)
		// A nested list under the item.
		for c := it.FirstChild(); c != nil; c = c.NextSibling() {
			if sub, ok := c.(*ast.List); ok {
				r.list(sub, "")
			}
		}
	}
}

// joinShort emits short items under their lead-in as one sentence ("The
// following governments fund it: Sweden, Norway and Canada.") and reports
// whether it did.
func (r *mdReader) joinShort(items []string, lead string) bool {
	if lead == "" || !shortItems(items) {
		return false
	}
	trimmed := make([]string, len(items))
	for i, t := range items {
		trimmed[i] = strings.TrimRight(t, " .")
	}
	r.emit(lead+" "+joinItems(trimmed)+".", false)
	return true
}

// setLead gives the units emitted from at on their list's lead-in.
func (r *mdReader) setLead(at int, lead string) {
	if lead = strings.TrimSpace(lead); lead == "" {
		return
	}
	for k := at; k < len(r.out); k++ {
		r.out[k].lead = lead
	}
}

// items emits a list's items as list does: short ones under a lead-in as
// one sentence, others as units carrying the lead-in (emitted before them).
func (r *mdReader) items(items []string, lead string) {
	var raw []string
	for _, t := range items {
		if hasWord(t) {
			raw = append(raw, t)
		}
	}
	if len(raw) == 0 || r.joinShort(raw, lead) {
		return
	}
	if lead != "" {
		r.sentences(lead)
	}
	for _, t := range items {
		if !hasWord(t) {
			continue
		}
		at := len(r.out)
		r.sentences(t)
		r.setLead(at, lead)
	}
}

// shortItems: every item is a phrase of a few words (not a sentence), none
// a label-value pair.
func shortItems(items []string) bool {
	for _, t := range items {
		if len(strings.Fields(t)) > maxShortItem || strings.Contains(t, ": ") || endsSentence(t) {
			return false
		}
	}
	return len(items) > 0
}

// shortList: l's items are short (see shortItems).
func (r *mdReader) shortList(l *ast.List) bool {
	var items []string
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		if t := normalizeSpace(r.itemText(it)); t != "" {
			items = append(items, t)
		}
	}
	return shortItems(items)
}

// itemText is the text of a list item's own paragraphs (not of its sub-lists).
func (r *mdReader) itemText(it ast.Node) string {
	var parts []string
	for c := it.FirstChild(); c != nil; c = c.NextSibling() {
		switch c.(type) {
		case *ast.Paragraph, *ast.TextBlock:
			p := normalizeSpace(r.inline(c))
			if len(parts) > 0 && !endsSentence(parts[len(parts)-1]) {
				parts[len(parts)-1] += "."
			}
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

func joinItems(items []string) string {
	switch len(items) {
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// table reads each body row as a unit that names its header cells:
// "Military staff officers: authorized 180, deployed 151."
func (r *mdReader) table(t *east.Table) {
	var header []string
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, strings.TrimRight(normalizeSpace(r.inline(c)), "."))
		}
		if _, ok := row.(*east.TableHeader); ok {
			header = cells
			continue
		}
		if len(cells) == 0 || cells[0] == "" && len(cells) == 1 {
			continue
		}
		r.emit(rowText(header, cells), false)
	}
}

// rowText is a table row as one unit naming its header cells:
// "Military staff officers: authorized 180, deployed 151."
func rowText(header, cells []string) string {
	var parts []string
	for i, c := range cells[1:] {
		if c == "" {
			continue
		}
		if i+1 < len(header) && header[i+1] != "" {
			c = lowerFirst(header[i+1]) + " " + c
		}
		parts = append(parts, c)
	}
	s := cells[0]
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s + "."
}

// lowerFirst lower-cases a capitalized word's first letter ("Authorized"),
// not an acronym's ("FY2024").
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if next, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r) && !unicode.IsUpper(next) {
		return string(unicode.ToLower(r)) + s[n:]
	}
	return s
}

// heading enters a heading of the given level and emits it.
func (r *mdReader) heading(level int, h string) {
	for len(r.path) < level {
		r.path = append(r.path, "")
	}
	r.path = append(r.path[:level-1], h)
	r.emit(h, true)
}

// inline is the text n shows: its text, code spans, link and emphasis text;
// footnote references and raw HTML are left out.
func (r *mdReader) inline(n ast.Node) string {
	var sb strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch v := c.(type) {
			case *ast.Text:
				sb.Write(v.Segment.Value(r.src))
				if v.SoftLineBreak() || v.HardLineBreak() {
					sb.WriteByte(' ')
				}
			case *ast.String:
				sb.Write(v.Value)
			case *ast.CodeSpan:
				for g := v.FirstChild(); g != nil; g = g.NextSibling() {
					if t, ok := g.(*ast.Text); ok {
						sb.Write(t.Segment.Value(r.src))
					}
				}
			case *ast.AutoLink:
				sb.Write(v.Label(r.src))
			case *ast.RawHTML, *east.FootnoteLink, *east.FootnoteBacklink:
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return sb.String()
}

// setext: h is underlined ("Title" over "===" or "---"), not "#"-marked.
func (r *mdReader) setext(h *ast.Heading) bool {
	lines := h.Lines()
	if lines.Len() == 0 {
		return false
	}
	i := lines.At(0).Start
	for i > 0 && r.src[i-1] != '\n' {
		i--
	}
	return !strings.HasPrefix(strings.TrimLeft(string(r.src[i:lines.At(0).Start]), " "), "#")
}
