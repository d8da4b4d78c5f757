// Package htmldoc reads the main text of a web page as structured blocks
// (headings, paragraphs, list items and table rows), together with the page's
// title and publication date, for indexing sentences and citing sections.
//
// The page is parsed into a tree with golang.org/x/net/html. Boilerplate
// (scripts, styles, navigation, headers and footers, sidebars, cookie
// banners, share buttons, comments, related links, ads) is left out, and when
// the page has an <article> or <main> element only its content is read.
package htmldoc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// Kind of a block.
type Kind int

const (
	// Heading is a section heading h1-h6; Block.Level holds 1-6.
	Heading Kind = iota
	// Paragraph is a run of text: a <p>, <blockquote>, <pre>, <dt>, <dd>,
	// <figcaption>, or the text of a <div> or other container.
	Paragraph
	// ListItem is one <li>; Lead is the list's lead-in: the text of the
	// paragraph just before the list when it ends with ":" ("" otherwise).
	ListItem
	// TableRow is one row of a data table; Header holds the table's header
	// cells (th of the first row / thead), Cells this row's cells.
	TableRow
)

// String returns the name of the kind.
func (k Kind) String() string {
	switch k {
	case Heading:
		return "Heading"
	case Paragraph:
		return "Paragraph"
	case ListItem:
		return "ListItem"
	case TableRow:
		return "TableRow"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Block is one unit of the main text.
type Block struct {
	Kind  Kind
	Level int // headings: 1-6
	// Text is the text as shown, white space collapsed to single spaces; for
	// a TableRow the non-empty cells joined by " | ".
	Text string
	// Lead is the lead-in of a ListItem's list (see ListItem).
	Lead string
	// Header holds a TableRow's table header cells (nil when the table has
	// none). The slice is shared by all rows of a table.
	Header []string
	// Cells holds a TableRow's cells, empty cells included so that they line
	// up with Header.
	Cells []string
}

// Document is the main text of a page.
type Document struct {
	// Title is og:title, else <title> (site suffixes like " | Site" or
	// " - Site" trimmed when og:site_name or a repeated suffix says so), else
	// the first h1.
	Title string
	// Date is the publication date: article:published_time, <meta
	// name="date"|"dc.date"|"pubdate">, <time datetime> in the main content,
	// JSON-LD datePublished; zero when absent.
	Date time.Time
	// Blocks is the main text in document order.
	Blocks []Block
}

// MaxSize is the largest input Extract accepts.
const MaxSize = 20 << 20

// ErrTooLarge is returned (wrapped) for inputs larger than MaxSize.
var ErrTooLarge = errors.New("htmldoc: page larger than 20 MB")

// Extract reads an HTML page (any charset declared in a <meta charset> that
// golang.org/x/net/html/charset can decode; UTF-8 default).
//
// A page without text gives a Document without Blocks. An error is returned
// only when the input is larger than MaxSize or not valid in its declared
// charset; undeclared input that is not valid UTF-8 has its invalid bytes
// replaced by U+FFFD.
func Extract(data []byte) (Document, error) {
	if len(data) > MaxSize {
		return Document{}, fmt.Errorf("%w (%d bytes)", ErrTooLarge, len(data))
	}
	text, err := decode(data)
	if err != nil {
		return Document{}, err
	}
	root, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		return Document{}, fmt.Errorf("htmldoc: parse: %w", err)
	}

	var doc Document
	m := collectMeta(root)
	content := findContent(root)

	e := &extractor{}
	e.walk(content)
	e.flush()
	doc.Blocks = e.blocks

	doc.Title = m.title(content)
	doc.Date = m.date(content)
	return doc, nil
}

// ---- charset ----

// decode converts data to UTF-8 according to its byte order mark or declared
// charset.
func decode(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return checkUTF8(data[3:], "utf-8 (BOM)")
	case bytes.HasPrefix(data, []byte("\xfe\xff")), bytes.HasPrefix(data, []byte("\xff\xfe")):
		label := "utf-16le"
		if data[0] == 0xfe {
			label = "utf-16be"
		}
		enc, _ := charset.Lookup(label)
		out, err := enc.NewDecoder().Bytes(data[2:])
		if err != nil {
			return nil, fmt.Errorf("htmldoc: decode %s: %w", label, err)
		}
		return out, nil
	}
	label := declaredCharset(data)
	if label == "" {
		if utf8.Valid(data) {
			return data, nil
		}
		return bytes.ToValidUTF8(data, []byte("\uFFFD")), nil
	}
	enc, name := charset.Lookup(label)
	switch {
	case enc == nil:
		// Unknown label: read as the UTF-8 default.
		if utf8.Valid(data) {
			return data, nil
		}
		return bytes.ToValidUTF8(data, []byte("\uFFFD")), nil
	case name == "replacement":
		return nil, fmt.Errorf("htmldoc: unsupported charset %q", label)
	case name == "utf-8", strings.HasPrefix(name, "utf-16"):
		// A page whose meta can be read is not UTF-16; HTML reads it as UTF-8.
		return checkUTF8(data, label)
	}
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("htmldoc: decode %s: %w", label, err)
	}
	return out, nil
}

func checkUTF8(data []byte, label string) ([]byte, error) {
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return nil, fmt.Errorf("htmldoc: invalid %s at byte %d", label, i)
	}
	return data, nil
}

// declaredCharset returns the charset label of the page's XML declaration or
// <meta charset> / <meta http-equiv="content-type">, or "".
func declaredCharset(data []byte) string {
	if bytes.HasPrefix(data, []byte("<?xml")) {
		if end := bytes.Index(data, []byte("?>")); end > 0 {
			decl := string(data[:end])
			if i := strings.Index(decl, "encoding="); i >= 0 {
				v := strings.TrimLeft(decl[i+len("encoding="):], " ")
				if v != "" && (v[0] == '"' || v[0] == '\'') {
					if j := strings.IndexByte(v[1:], v[0]); j >= 0 {
						return v[1 : 1+j]
					}
				}
			}
		}
	}
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return ""
		case html.EndTagToken:
			name, _ := z.TagName()
			if string(name) == "head" {
				return ""
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			switch string(name) {
			case "meta":
				var cs, equiv, content string
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					switch string(k) {
					case "charset":
						cs = strings.TrimSpace(string(v))
					case "http-equiv":
						equiv = strings.ToLower(string(v))
					case "content":
						content = string(v)
					}
				}
				if cs != "" {
					return cs
				}
				if equiv == "content-type" {
					if c := charsetParam(content); c != "" {
						return c
					}
				}
			case "html", "head", "title", "link", "script", "style", "base", "noscript", "template":
			default:
				return ""
			}
		}
	}
}

// charsetParam returns the charset parameter of a content type.
func charsetParam(ct string) string {
	lower := strings.ToLower(ct)
	i := strings.Index(lower, "charset")
	if i < 0 {
		return ""
	}
	v := strings.TrimLeft(ct[i+len("charset"):], " \t")
	if !strings.HasPrefix(v, "=") {
		return ""
	}
	v = strings.TrimLeft(v[1:], " \t")
	if v != "" && (v[0] == '"' || v[0] == '\'') {
		q := v[0]
		v = v[1:]
		if j := strings.IndexByte(v, q); j >= 0 {
			return v[:j]
		}
		return ""
	}
	if j := strings.IndexAny(v, "; \t"); j >= 0 {
		v = v[:j]
	}
	return v
}

// ---- boilerplate ----

// dropped elements hold no main text.
var dropped = map[atom.Atom]bool{
	atom.Head: true, atom.Title: true, atom.Script: true, atom.Style: true, atom.Noscript: true,
	atom.Template: true, atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Form: true,
	atom.Button: true, atom.Nav: true, atom.Header: true, atom.Footer: true, atom.Aside: true,
	atom.Menu: true, atom.Select: true, atom.Textarea: true, atom.Input: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Audio: true, atom.Video: true, atom.Dialog: true,
}

// boilerRoles are ARIA roles of page furniture.
var boilerRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true, "complementary": true,
	"search": true, "menu": true, "menubar": true,
}

// boilerWords are the class or id words that mark page furniture.
var boilerWords = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "menubar": true,
	"breadcrumb": true, "breadcrumbs": true, "sidebar": true,
	"cookie": true, "cookies": true, "consent": true, "gdpr": true,
	"share": true, "sharing": true, "social": true,
	"comment": true, "comments": true, "disqus": true,
	"related": true, "advert": true, "adverts": true, "advertisement": true, "advertising": true,
	"ad": true, "ads": true, "adsense": true, "sponsored": true,
	"footer": true,
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return true
		}
	}
	return false
}

// isDropped reports whether element n is boilerplate.
func isDropped(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if n.Namespace != "" { // svg, math
		return true
	}
	if dropped[n.DataAtom] {
		if n.DataAtom == atom.Header && inSectioning(n) {
			// An article's own header (its headline, byline, date).
			return false
		}
		return true
	}
	if len(n.Attr) == 0 {
		return false
	}
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	if st := attr(n, "style"); st != "" {
		st = strings.ToLower(strings.Join(strings.Fields(st), ""))
		if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
			return true
		}
	}
	for _, r := range strings.Fields(strings.ToLower(attr(n, "role"))) {
		if boilerRoles[r] {
			return true
		}
	}
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Main, atom.Article:
		// Their classes describe the page ("has-sidebar", "comments-open").
		return false
	}
	if !boilerName(attr(n, "class")) && !boilerName(attr(n, "id")) {
		return false
	}
	if !isBlock(n.DataAtom) && inCode(n) {
		// Syntax highlighting: <span class="hljs-comment">.
		return false
	}
	return true
}

// inSectioning reports whether n is inside an article, main or section.
func inSectioning(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type != html.ElementNode {
			continue
		}
		switch p.DataAtom {
		case atom.Article, atom.Main, atom.Section:
			return true
		}
		if strings.EqualFold(attr(p, "role"), "main") {
			return true
		}
	}
	return false
}

func inCode(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Pre || p.DataAtom == atom.Code {
			return true
		}
	}
	return false
}

// boilerName reports whether a class or id value has a boilerplate word;
// words are split at non-alphanumerics and camel-case humps.
func boilerName(s string) bool {
	if s == "" {
		return false
	}
	start := -1
	var prev rune
	check := func(end int) bool {
		if start < 0 {
			return false
		}
		w := strings.ToLower(s[start:end])
		start = -1
		return boilerWords[w]
	}
	for i, r := range s {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !alnum {
			if check(i) {
				return true
			}
			prev = r
			continue
		}
		if start >= 0 && unicode.IsUpper(r) && unicode.IsLower(prev) {
			if check(i) {
				return true
			}
		}
		if start < 0 {
			start = i
		}
		prev = r
	}
	return check(len(s))
}

// isMainRoot reports whether n is an article, main or role=main element.
func isMainRoot(n *html.Node) bool {
	if n.Type != html.ElementNode || n.Namespace != "" {
		return false
	}
	return n.DataAtom == atom.Article || n.DataAtom == atom.Main ||
		strings.EqualFold(strings.TrimSpace(attr(n, "role")), "main")
}

// findContent returns the first article/main outside boilerplate, else the
// body, else the document.
func findContent(doc *html.Node) *html.Node {
	var found, body *html.Node
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.Body && body == nil {
				body = c
			}
			if isDropped(c) {
				continue
			}
			if isMainRoot(c) {
				found = c
				return
			}
			visit(c)
		}
	}
	visit(doc)
	switch {
	case found != nil:
		return found
	case body != nil:
		return body
	}
	return doc
}

// ---- text ----

// blockAtoms are the elements that separate text.
var blockAtoms = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Caption: true, atom.Center: true, atom.Dd: true, atom.Details: true,
	atom.Dialog: true, atom.Dir: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Html: true,
	atom.Legend: true, atom.Li: true, atom.Main: true, atom.Menu: true, atom.Nav: true,
	atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true, atom.Summary: true,
	atom.Table: true, atom.Tbody: true, atom.Td: true, atom.Tfoot: true, atom.Th: true,
	atom.Thead: true, atom.Tr: true, atom.Ul: true, atom.Listing: true, atom.Plaintext: true,
	atom.Xmp: true, atom.Noscript: true, atom.Option: true, atom.Optgroup: true,
}

func isBlock(a atom.Atom) bool { return blockAtoms[a] }

func headingLevel(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// collapse trims s and collapses its runs of white space to single spaces;
// control characters, soft hyphens and zero-width spaces are dropped.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if r < 0x20 || r == 0x7f || r == '\u00ad' || r == '\u200b' {
			continue // controls, soft hyphens, zero-width spaces
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isFootnoteMarker reports whether n is a <sup> footnote reference: digits
// (optionally in brackets) inside a link.
func isFootnoteMarker(n *html.Node) bool {
	if n.DataAtom != atom.Sup {
		return false
	}
	var sb strings.Builder
	hasLink := n.Parent != nil && n.Parent.DataAtom == atom.A
	var visit func(*html.Node)
	visit = func(m *html.Node) {
		for c := m.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				sb.WriteString(c.Data)
			case html.ElementNode:
				if c.DataAtom == atom.A {
					hasLink = true
				}
				visit(c)
			}
		}
	}
	visit(n)
	if !hasLink {
		return false
	}
	t := strings.TrimSpace(sb.String())
	t = strings.TrimSuffix(strings.TrimPrefix(t, "["), "]")
	if t == "" {
		return false
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// flatten writes the text of n's children to sb, block elements separated
// by spaces. With lists non-nil, ul/ol children are collected there instead
// of read.
func flatten(n *html.Node, sb *strings.Builder, lists *[]*html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			sb.WriteString(c.Data)
		case html.ElementNode:
			if isDropped(c) || isFootnoteMarker(c) {
				continue
			}
			switch {
			case c.DataAtom == atom.Br:
				sb.WriteByte(' ')
			case lists != nil && (c.DataAtom == atom.Ul || c.DataAtom == atom.Ol):
				*lists = append(*lists, c)
				sb.WriteByte(' ')
			case isBlock(c.DataAtom) || c.DataAtom == atom.Img:
				sb.WriteByte(' ')
				flatten(c, sb, lists)
				sb.WriteByte(' ')
			default:
				flatten(c, sb, lists)
			}
		}
	}
}

// textOf returns the collapsed text of n.
func textOf(n *html.Node) string {
	var sb strings.Builder
	flatten(n, &sb, nil)
	return collapse(sb.String())
}

// extractor turns the content tree into blocks.
type extractor struct {
	blocks []Block
	buf    strings.Builder // pending inline text of the current container
	lead   string          // lead of the list being read (for stray li)
}

func (e *extractor) emit(b Block) {
	if b.Text == "" {
		return
	}
	e.blocks = append(e.blocks, b)
}

// flush emits the pending inline text as a paragraph.
func (e *extractor) flush() {
	if e.buf.Len() == 0 {
		return
	}
	t := collapse(e.buf.String())
	e.buf.Reset()
	e.emit(Block{Kind: Paragraph, Text: t})
}

// walk reads the children of container n.
func (e *extractor) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			e.buf.WriteString(c.Data)
		case html.ElementNode:
			e.element(c)
		case html.DocumentNode:
			e.walk(c)
		}
	}
}

func (e *extractor) element(n *html.Node) {
	if isDropped(n) || isFootnoteMarker(n) {
		return
	}
	a := n.DataAtom
	if lv := headingLevel(a); lv > 0 {
		e.flush()
		e.emit(Block{Kind: Heading, Level: lv, Text: textOf(n)})
		return
	}
	switch a {
	case atom.Br:
		e.buf.WriteByte(' ')
	case atom.Img:
		e.buf.WriteByte(' ')
	case atom.P, atom.Pre, atom.Dt, atom.Dd, atom.Figcaption, atom.Caption, atom.Summary,
		atom.Legend, atom.Listing, atom.Xmp, atom.Plaintext:
		if a == atom.Dd && hasBlockChild(n) {
			e.flush()
			e.walk(n)
			e.flush()
			return
		}
		e.flush()
		e.emit(Block{Kind: Paragraph, Text: textOf(n)})
	case atom.Ul, atom.Ol:
		e.flush()
		e.list(n, e.leadIn())
	case atom.Li:
		e.flush()
		e.item(n, e.lead)
	case atom.Table:
		e.flush()
		e.table(n)
	default:
		if isBlock(a) {
			e.flush()
			e.walk(n)
			e.flush()
			return
		}
		e.walk(n) // inline: text continues
	}
}

// hasBlockChild reports whether n has a list, paragraph, div or table child.
func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Ul, atom.Ol, atom.P, atom.Div, atom.Table, atom.Blockquote, atom.Pre:
			return true
		}
	}
	return false
}

// leadIn returns the last block's text when it is a paragraph ending in ":".
func (e *extractor) leadIn() string {
	if len(e.blocks) == 0 {
		return ""
	}
	b := e.blocks[len(e.blocks)-1]
	if b.Kind == Paragraph && strings.HasSuffix(b.Text, ":") {
		return b.Text
	}
	return ""
}

// list reads a ul/ol.
func (e *extractor) list(n *html.Node, lead string) {
	saved := e.lead
	e.lead = lead
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.ElementNode && c.DataAtom == atom.Li:
			if !isDropped(c) {
				e.item(c, lead)
			}
		case c.Type == html.TextNode:
			e.buf.WriteString(c.Data)
		case c.Type == html.ElementNode:
			e.element(c)
		}
	}
	e.flush()
	e.lead = saved
}

// item reads an li: its own text, then its sub-lists.
func (e *extractor) item(n *html.Node, lead string) {
	var sb strings.Builder
	var lists []*html.Node
	flatten(n, &sb, &lists)
	t := collapse(sb.String())
	e.emit(Block{Kind: ListItem, Text: t, Lead: lead})
	sub := lead
	if strings.HasSuffix(t, ":") {
		sub = t
	}
	for _, l := range lists {
		e.list(l, sub)
	}
}

// ---- tables ----

// rows returns the tr elements of table t (not of nested tables), and
// whether each is in thead.
func rows(t *html.Node) (trs []*html.Node, head []bool) {
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Tr:
			trs = append(trs, c)
			head = append(head, false)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.Type == html.ElementNode && r.DataAtom == atom.Tr {
					trs = append(trs, r)
					head = append(head, c.DataAtom == atom.Thead)
				}
			}
		}
	}
	return trs, head
}

func cells(tr *html.Node) []*html.Node {
	var cs []*html.Node
	for c := tr.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			cs = append(cs, c)
		}
	}
	return cs
}

// isLayout reports whether table t lays out the page rather than holding
// data: role=presentation, nested tables or headings, or a single column.
func isLayout(t *html.Node, trs []*html.Node) bool {
	switch strings.ToLower(strings.TrimSpace(attr(t, "role"))) {
	case "presentation", "none":
		return true
	}
	maxCells := 0
	for _, tr := range trs {
		if k := len(cells(tr)); k > maxCells {
			maxCells = k
		}
	}
	if maxCells <= 1 {
		return true
	}
	layout := false
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !layout; c = c.NextSibling {
			if c.Type != html.ElementNode || isDropped(c) {
				continue
			}
			if c.DataAtom == atom.Table || headingLevel(c.DataAtom) > 0 {
				layout = true
				return
			}
			visit(c)
		}
	}
	for _, tr := range trs {
		visit(tr)
	}
	return layout
}

// table reads a table: a data table row by row, a layout table as
// containers.
func (e *extractor) table(t *html.Node) {
	trs, head := rows(t)
	if isLayout(t, trs) {
		e.walk(t)
		e.flush()
		return
	}
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Caption && !isDropped(c) {
			e.emit(Block{Kind: Paragraph, Text: textOf(c)})
		}
	}
	var header []string
	start := 0
	for i, h := range head {
		if h {
			header = cellTexts(trs[i])
			start = -1
			break
		}
	}
	if start == 0 && len(trs) > 0 {
		cs := cells(trs[0])
		allTh := len(cs) > 0
		for _, c := range cs {
			if c.DataAtom != atom.Th {
				allTh = false
				break
			}
		}
		if allTh {
			header = cellTexts(trs[0])
			start = 1
		}
	}
	usedHead := false
	for i, tr := range trs {
		if start == 1 && i == 0 {
			continue
		}
		if start == -1 && head[i] && !usedHead {
			usedHead = true
			continue
		}
		if isDropped(tr) {
			continue
		}
		cs := cellTexts(tr)
		var nonEmpty []string
		for _, c := range cs {
			if c != "" {
				nonEmpty = append(nonEmpty, c)
			}
		}
		if len(nonEmpty) == 0 {
			continue
		}
		e.emit(Block{Kind: TableRow, Text: strings.Join(nonEmpty, " | "), Header: header, Cells: cs})
	}
}

func cellTexts(tr *html.Node) []string {
	cs := cells(tr)
	out := make([]string, len(cs))
	for i, c := range cs {
		if !isDropped(c) {
			out[i] = textOf(c)
		}
	}
	return out
}

// ---- metadata ----

type meta struct {
	props     map[string]string // meta property/name/itemprop (lowercased) -> first content
	titleText string
	hasTitle  bool
	firstH1   string
	jsonLD    []string
}

// collectMeta reads metas, the <title>, JSON-LD scripts and the first h1 of
// the whole page.
func collectMeta(doc *html.Node) *meta {
	m := &meta{props: map[string]string{}}
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.Namespace != "" {
				continue // svg <title>
			}
			switch c.DataAtom {
			case atom.Meta:
				content := attr(c, "content")
				if content == "" {
					content = attr(c, "datetime")
				}
				for _, k := range []string{"property", "name", "itemprop"} {
					if key := strings.ToLower(strings.TrimSpace(attr(c, k))); key != "" {
						if _, ok := m.props[key]; !ok && strings.TrimSpace(content) != "" {
							m.props[key] = strings.TrimSpace(content)
						}
					}
				}
				continue
			case atom.Title:
				if !m.hasTitle {
					m.hasTitle = true
					m.titleText = textOf(c)
				}
				continue
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(c, "type")), "application/ld+json") && c.FirstChild != nil {
					m.jsonLD = append(m.jsonLD, c.FirstChild.Data)
				}
				continue
			case atom.Style, atom.Template, atom.Noscript:
				continue
			case atom.H1:
				if m.firstH1 == "" {
					m.firstH1 = textOf(c)
				}
			}
			visit(c)
		}
	}
	visit(doc)
	return m
}

// titleSeparators split a page title from its site name.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " · ", " :: ", " » ", " : "}

func (m *meta) title(content *html.Node) string {
	if t := collapse(m.props["og:title"]); t != "" {
		return t
	}
	h1 := firstHeading(content)
	if h1 == "" {
		h1 = m.firstH1
	}
	if t := m.titleText; t != "" {
		sites := []string{collapse(m.props["og:site_name"]), collapse(m.props["application-name"])}
		return trimSite(t, sites, h1)
	}
	return h1
}

// trimSite trims a site name suffix (or prefix) from a title when one of
// sites names it, or when the rest of the title is the page's h1.
func trimSite(t string, sites []string, h1 string) string {
	for _, site := range sites {
		if site == "" || strings.EqualFold(site, t) {
			continue
		}
		for _, sep := range titleSeparators {
			if n := len(t) - len(sep) - len(site); n > 0 && strings.EqualFold(t[n:], sep+site) {
				return strings.TrimSpace(t[:n])
			}
			if n := len(site) + len(sep); len(t) > n && strings.EqualFold(t[:n], site+sep) {
				return strings.TrimSpace(t[n:])
			}
		}
	}
	if h1 != "" {
		for _, sep := range titleSeparators {
			if i := strings.LastIndex(t, sep); i > 0 && strings.EqualFold(strings.TrimSpace(t[:i]), h1) {
				return strings.TrimSpace(t[:i])
			}
			if i := strings.Index(t, sep); i > 0 && strings.EqualFold(strings.TrimSpace(t[i+len(sep):]), h1) {
				return strings.TrimSpace(t[i+len(sep):])
			}
		}
	}
	return t
}

// firstHeading returns the text of the first h1 in the main content.
func firstHeading(n *html.Node) string {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || isDropped(c) {
			continue
		}
		if c.DataAtom == atom.H1 {
			if t := textOf(c); t != "" {
				return t
			}
			continue
		}
		if t := firstHeading(c); t != "" {
			return t
		}
	}
	return ""
}

func (m *meta) date(content *html.Node) time.Time {
	for _, k := range []string{"article:published_time", "date", "dc.date", "pubdate",
		"dc.date.issued", "dcterms.date", "dcterms.created", "datepublished"} {
		if t, ok := parseDate(m.props[k]); ok {
			return t
		}
	}
	if t, ok := timeElement(content); ok {
		return t
	}
	for _, src := range m.jsonLD {
		var v any
		if json.Unmarshal([]byte(strings.TrimSpace(src)), &v) != nil {
			continue
		}
		if s := findKey(v, "datePublished"); s != "" {
			if t, ok := parseDate(s); ok {
				return t
			}
		}
	}
	return time.Time{}
}

// timeElement returns the first parseable <time datetime> in n outside
// boilerplate.
func timeElement(n *html.Node) (time.Time, bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || isDropped(c) {
			continue
		}
		if c.DataAtom == atom.Time {
			if t, ok := parseDate(attr(c, "datetime")); ok {
				return t, true
			}
		}
		if t, ok := timeElement(c); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// findKey returns the first string value of key in a JSON value, breadth
// first, map keys in sorted order.
func findKey(v any, key string) string {
	queue := []any{v}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		switch x := cur.(type) {
		case map[string]any:
			if s, ok := x[key].(string); ok && s != "" {
				return s
			}
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				queue = append(queue, x[k])
			}
		case []any:
			queue = append(queue, x...)
		}
	}
	return ""
}

var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC850,
	time.ANSIC,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"2 January 2006",
	"January 2, 2006",
	"Jan 2, 2006",
}

// parseDate parses a date in one of the usual machine-readable forms; dates
// without a zone are UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
