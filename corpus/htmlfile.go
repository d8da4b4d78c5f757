package corpus

// HTML pages (.html, .htm): the main text of the page (golang.org/x/net/html),
// without navigation, scripts and styles; title and date from the page's own
// metadata; headings, lists and tables read as for markdown.

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// isHTML: the file is read as an HTML page.
func isHTML(id string) bool {
	ext := strings.ToLower(path.Ext(id))
	return ext == ".html" || ext == ".htm"
}

// boilerplate matches the class or id words of navigation and page furniture.
var boilerplate = regexp.MustCompile(`(?i)(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|sidebar|cookies?|consent|share|sharing|social|comments?|related|advert|ads?|promo|footer|masthead|banner|newsletter|subscribe)(?:$|[\s_-])`)

// skipped elements hold no main text.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Iframe: true, atom.Form: true, atom.Button: true, atom.Nav: true, atom.Header: true,
	atom.Footer: true, atom.Aside: true, atom.Select: true, atom.Head: true,
}

// parseHTML reads an HTML page into a document.
func parseHTML(id string, data []byte) (Document, error) {
	r, err := charset.NewReader(bytes.NewReader(data), "text/html")
	if err != nil {
		return Document{}, &FileError{File: id, Err: fmt.Errorf("html: %w", err)}
	}
	root, err := html.Parse(r)
	if err != nil {
		return Document{}, &FileError{File: id, Err: fmt.Errorf("html: %w", err)}
	}
	doc := Document{ID: id, BodyLine: 1, Format: "html"}
	doc.Title, doc.Date = pageMeta(root)
	main := find(root, func(n *html.Node) bool {
		return n.DataAtom == atom.Article || n.DataAtom == atom.Main || attr(n, "role") == "main"
	})
	if main == nil {
		main = find(root, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	}
	h := &htmlReader{mdReader: mdReader{}}
	if main != nil {
		h.blocks(main)
	}
	segs := h.out
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

// htmlReader walks the main element, emitting units as mdReader does.
type htmlReader struct {
	mdReader
	para []string // inline text gathered for the current paragraph
}

func (h *htmlReader) flush() {
	if p := normalizeSpace(strings.Join(h.para, "")); hasWord(p) {
		h.sentences(p)
	}
	h.para = h.para[:0]
}

// blocks reads n's children: block elements become units, inline text gathers into paragraphs.
func (h *htmlReader) blocks(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			h.para = append(h.para, c.Data)
		case c.Type != html.ElementNode || skip(c):
		case isHeadingAtom(c.DataAtom):
			h.flush()
			if t := normalizeSpace(inlineText(c)); hasWord(t) {
				h.heading(int(c.Data[1]-'0'), t)
			}
		case c.DataAtom == atom.Ul || c.DataAtom == atom.Ol:
			lead := ""
			if p := normalizeSpace(strings.Join(h.para, "")); strings.HasSuffix(p, ":") {
				h.para = h.para[:0]
				lead = p
			} else {
				h.flush()
				if last := h.lastUnit(); strings.HasSuffix(last, ":") {
					lead = last
					h.out = h.out[:len(h.out)-1]
				}
			}
			h.list(c, lead)
		case c.DataAtom == atom.Table:
			h.flush()
			h.table(c)
		case c.DataAtom == atom.Br:
			h.para = append(h.para, " ")
		case isBlockAtom(c.DataAtom):
			h.flush()
			h.blocks(c)
			h.flush()
		default: // inline: a, em, span, ...
			if c.DataAtom == atom.Sup && isDigits(inlineText(c)) {
				continue // a footnote marker
			}
			h.para = append(h.para, inlineText(c))
		}
	}
}

// lastUnit is the text of the last unit emitted outside a heading, "" if none.
func (h *htmlReader) lastUnit() string {
	if len(h.out) == 0 || h.out[len(h.out)-1].heading {
		return ""
	}
	return h.out[len(h.out)-1].text
}

// list reads a list as markdown's are read: short items under a lead-in are one sentence.
func (h *htmlReader) list(l *html.Node, lead string) {
	var items []string
	var subs []*html.Node
	short := true
	for li := l.FirstChild; li != nil; li = li.NextSibling {
		if li.DataAtom != atom.Li {
			continue
		}
		var own []string
		for c := li.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Ul || c.DataAtom == atom.Ol {
				subs = append(subs, c)
				continue
			}
			if c.Type == html.ElementNode && skip(c) {
				continue
			}
			own = append(own, inlineText(c))
		}
		t := normalizeSpace(strings.Join(own, " "))
		if !hasWord(t) {
			continue
		}
		items = append(items, strings.TrimRight(t, " ."))
		if len(strings.Fields(t)) > maxShortItem || strings.Contains(t, ": ") {
			short = false
		}
	}
	if lead != "" && short && len(items) > 0 {
		h.emit(lead+" "+joinItems(items)+".", false)
	} else {
		if lead != "" {
			h.sentences(lead)
		}
		for _, t := range items {
			at := len(h.out)
			h.sentences(t)
			h.setLead(at, lead)
		}
	}
	for _, s := range subs {
		h.list(s, "")
	}
}

// table reads each row as a unit naming its header cells; ragged rows are read as they come.
func (h *htmlReader) table(t *html.Node) {
	var header []string
	var rows [][]string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom != atom.Tr {
				if c.Type == html.ElementNode && c.DataAtom != atom.Table {
					walk(c)
				}
				continue
			}
			var cells []string
			allTH := true
			for td := c.FirstChild; td != nil; td = td.NextSibling {
				if td.DataAtom != atom.Td && td.DataAtom != atom.Th {
					continue
				}
				allTH = allTH && td.DataAtom == atom.Th
				cells = append(cells, strings.TrimRight(normalizeSpace(inlineText(td)), "."))
			}
			if len(cells) == 0 {
				continue
			}
			if header == nil && (allTH || n.DataAtom == atom.Thead) {
				header = cells
				continue
			}
			rows = append(rows, cells)
		}
	}
	walk(t)
	for _, cells := range rows {
		if hasWord(strings.Join(cells, " ")) {
			h.emit(rowText(header, cells), false)
		}
	}
}

// pageMeta is the page's title (og:title, else <title>) and date
// (article:published_time, a date meta tag, else a <time datetime>).
func pageMeta(root *html.Node) (string, time.Time) {
	var title, og, site string
	var dates []string
	var timeAttr string
	walk(root, func(n *html.Node) {
		switch n.DataAtom {
		case atom.Title:
			if title == "" {
				title = normalizeSpace(inlineText(n))
			}
		case atom.Meta:
			key := strings.ToLower(attr(n, "property") + attr(n, "name"))
			val := strings.TrimSpace(attr(n, "content"))
			switch key {
			case "og:title":
				og = val
			case "og:site_name":
				site = val
			case "article:published_time", "date", "dc.date", "dcterms.date", "pubdate", "publish-date":
				dates = append(dates, val)
			}
		case atom.Time:
			if timeAttr == "" {
				timeAttr = attr(n, "datetime")
			}
		}
	})
	if og != "" {
		title = og
	} else if site != "" {
		for _, sep := range []string{" | ", " - ", " — ", " – "} {
			title = strings.TrimSuffix(title, sep+site)
		}
	}
	dates = append(dates, timeAttr)
	for _, d := range dates {
		if t, ok := pageDate(d); ok {
			return title, t
		}
	}
	return title, time.Time{}
}

// pageDate reads an ISO date or date-time.
func pageDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t, true
		}
	}
	if t, err := parseDate(s); err == nil && s != "" {
		return t, true
	}
	return time.Time{}, false
}

func skip(n *html.Node) bool {
	if skipped[n.DataAtom] {
		return true
	}
	switch attr(n, "role") {
	case "navigation", "banner", "contentinfo", "complementary":
		return true
	}
	if attr(n, "hidden") != "" || attr(n, "aria-hidden") == "true" {
		return true
	}
	return boilerplate.MatchString(attr(n, "class")) || boilerplate.MatchString(attr(n, "id"))
}

func isHeadingAtom(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

func isBlockAtom(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Main, atom.Blockquote, atom.Pre, atom.Dl, atom.Dd,
		atom.Dt, atom.Figure, atom.Figcaption, atom.Li, atom.Body, atom.Html, atom.Address, atom.Hr, atom.Details, atom.Summary:
		return true
	}
	return false
}

// inlineText is the text n shows, markup and skipped elements left out.
func inlineText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var sb strings.Builder
	var rec func(n *html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				sb.WriteString(c.Data)
			case c.Type != html.ElementNode || skip(c):
			case c.DataAtom == atom.Br:
				sb.WriteByte(' ')
			case c.DataAtom == atom.Sup && isDigits(inlineText(c)):
			default:
				if isBlockAtom(c.DataAtom) || c.DataAtom == atom.Td || c.DataAtom == atom.Th {
					sb.WriteByte(' ')
				}
				rec(c)
			}
		}
	}
	rec(n)
	return sb.String()
}

func isDigits(s string) bool {
	s = strings.Trim(strings.TrimSpace(s), "[]")
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	if n.Type == html.ElementNode && ok(n) {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, ok); f != nil {
			return f
		}
	}
	return nil
}
