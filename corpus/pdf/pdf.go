// Package pdf extracts the text of PDF files, page by page and
// paragraph by paragraph, for indexing and citing.
//
// It reads the file with github.com/ledongthuc/pdf (pure Go) and lays
// the text out itself from the position of every glyph: words are split
// where glyphs are set apart (many producers space words by positioning
// rather than with space characters), lines are grouped by baseline,
// columns are found by X-Y cuts, and lines are joined into paragraphs at
// vertical gaps and indented first lines. Ligatures are spelled out,
// words hyphenated across lines are joined, and running headers,
// footers and page numbers are dropped.
package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	lpdf "github.com/ledongthuc/pdf"
)

// Page is the text of one page.
type Page struct {
	Number     int      // 1-based page number in the file
	Paragraphs []string // the page's paragraphs, in reading order, each one line of plain text
}

// Document is what a PDF holds.
type Document struct {
	Title string    // from the PDF's Info dictionary (or XMP), "" when absent
	Date  time.Time // the Info CreationDate (or ModDate), zero when absent
	Pages []Page
}

// ErrEncrypted is returned (wrapped) for encrypted PDFs, which Extract
// does not decrypt.
var ErrEncrypted = errors.New("pdf: document is encrypted")

// ErrNotPDF is returned (wrapped) when the data is not a PDF file.
var ErrNotPDF = errors.New("pdf: not a PDF file")

// Limits that keep a hostile file from taking all memory or time.
const (
	maxPages        = 100000
	maxGlyphsInPage = 500000
)

// Extract reads a PDF. A file it cannot read gives an error that names
// the page when the failure is on one page ("pdf: page 3: ..."); the
// pages read before the failure are returned with it.
//
// Encrypted files give an error wrapping ErrEncrypted, and data that is
// not a PDF file (or is cut short) an error wrapping ErrNotPDF or
// describing the damage.
func Extract(data []byte) (doc Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdf: malformed file: %v", r)
		}
	}()
	data, err = prepare(data)
	if err != nil {
		return Document{}, err
	}
	if err := checkXref(data); err != nil {
		return Document{}, err
	}
	r, err := lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		if hasEncrypt(data) {
			return Document{}, fmt.Errorf("%w (%v)", ErrEncrypted, err)
		}
		return Document{}, fmt.Errorf("pdf: %w", err)
	}
	if err := checkObjectStreams(r, data); err != nil {
		return Document{}, err
	}
	trailer := r.Trailer()
	if trailer.Key("Encrypt").Kind() != lpdf.Null {
		return Document{}, ErrEncrypted
	}
	root := trailer.Key("Root")
	if root.Kind() != lpdf.Dict {
		return Document{}, errors.New("pdf: malformed file: no document catalog")
	}
	doc.Title, doc.Date = metadata(trailer.Key("Info"), root)

	pages, err := pageList(root.Key("Pages"))
	if err != nil {
		return doc, err
	}
	fonts := fontCache{}
	var lines [][]*line
	var pageErr error
	for i, p := range pages {
		l, err := pageLines(p, fonts)
		if err != nil {
			pageErr = fmt.Errorf("pdf: page %d: %w", i+1, err)
			break
		}
		lines = append(lines, l)
	}
	lines = dropHeaders(lines)
	doc.Pages = make([]Page, len(lines))
	for i := range lines {
		doc.Pages[i] = Page{Number: i + 1, Paragraphs: layoutPage(lines[i])}
	}
	return doc, pageErr
}

// prepare checks the header and trims what some writers leave after
// the end of the file; it turns a PDF 2.0 header into one the library
// accepts (the syntax it reads is the same). It never writes to data.
func prepare(data []byte) ([]byte, error) {
	i := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-"))
	if i < 0 {
		return nil, ErrNotPDF
	}
	data = data[i:]
	end := len(data)
	for end > 0 && (data[end-1] == 0 || data[end-1] == ' ' || data[end-1] == '\r' || data[end-1] == '\n' || data[end-1] == '\t') {
		end--
	}
	if !bytes.HasSuffix(data[:end], []byte("%%EOF")) {
		return nil, fmt.Errorf("%w: no %%EOF at the end (truncated?)", ErrNotPDF)
	}
	data = data[:end]
	if len(data) > 9 && (data[5] != '1' || data[8] != '\n' && data[8] != '\r' || data[7] < '0' || data[7] > '7') {
		fixed := append([]byte(nil), data...)
		copy(fixed, "%PDF-1.7\n")
		data = fixed
	}
	return data, nil
}

var encryptKey = regexp.MustCompile(`/Encrypt\s*(\d+\s+\d+\s+R|<<)`)

func hasEncrypt(data []byte) bool {
	if len(data) > 1<<16 {
		// The trailer is at the end; cross-reference streams may be anywhere.
		return encryptKey.Match(data[len(data)-1<<16:]) || encryptKey.Match(data)
	}
	return encryptKey.Match(data)
}

// page is a leaf of the page tree and the resources it inherits.
type page struct {
	v   lpdf.Value
	res lpdf.Value
}

// maxTreeNodes bounds the nodes of a page tree that are visited.
const maxTreeNodes = 1 << 20

// pageList walks the page tree, in order. Nodes already visited (a
// tree that loops) are skipped.
func pageList(root lpdf.Value) ([]page, error) {
	var out []page
	seen := map[[2]uint64]bool{}
	nodes := 0
	var walk func(v, res lpdf.Value, depth int) error
	walk = func(v, res lpdf.Value, depth int) error {
		if depth > 64 {
			return errors.New("pdf: malformed file: page tree too deep")
		}
		if nodes++; nodes > maxTreeNodes || len(out) > maxPages {
			return errors.New("pdf: too many pages")
		}
		if id, gen, ok := objectID(v); ok && v.Kind() == lpdf.Dict {
			if seen[[2]uint64{id, gen}] {
				return nil
			}
			seen[[2]uint64{id, gen}] = true
		}
		if r := v.Key("Resources"); r.Kind() == lpdf.Dict {
			res = r
		}
		kids := v.Key("Kids")
		if v.Key("Type").Name() == "Page" || kids.Kind() != lpdf.Array && v.Key("Contents").Kind() != lpdf.Null {
			out = append(out, page{v: v, res: res})
			return nil
		}
		for i := 0; i < kids.Len(); i++ {
			if err := walk(kids.Index(i), res, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	err := walk(root, lpdf.Value{}, 0)
	return out, err
}

// pageLines reads one page's glyphs and groups them into lines; a
// panic in the library becomes an error.
func pageLines(p page, fonts fontCache) (lines []*line, err error) {
	defer func() {
		if r := recover(); r != nil {
			lines, err = nil, fmt.Errorf("malformed content: %v", r)
		}
	}()
	contents := p.v.Key("Contents")
	if contents.Kind() == lpdf.Null {
		return nil, nil
	}
	in := &interpreter{fonts: fonts, limit: maxGlyphsInPage}
	if err := in.run(contents, p.res, identity, 0); err != nil {
		return nil, err
	}
	return buildLines(in.glyphs), nil
}

// layoutPage orders a page's lines and joins them into paragraphs.
func layoutPage(lines []*line) []string {
	var ws []*word
	var sizes []float64
	for _, l := range lines {
		ws = append(ws, l.words...)
		sizes = append(sizes, l.size)
	}
	if len(ws) == 0 {
		return nil
	}
	em := median(sizes)
	var ps []*piece
	for _, block := range readingOrder(ws, em) {
		ps = append(ps, blockPieces(block)...)
	}
	return paragraphs(ps)
}

// metadata reads the title and date from the Info dictionary, falling
// back on the XMP metadata stream.
func metadata(info, root lpdf.Value) (title string, date time.Time) {
	title = cleanTitle(info.Key("Title").Text())
	date = parseDate(info.Key("CreationDate").Text())
	if date.IsZero() {
		date = parseDate(info.Key("ModDate").Text())
	}
	if title != "" && !date.IsZero() {
		return title, date
	}
	xmp := readXMP(root.Key("Metadata"))
	if title == "" {
		title = cleanTitle(xmpTitle(xmp))
	}
	if date.IsZero() {
		date = xmpDate(xmp)
	}
	return title, date
}

// cleanTitle drops the placeholder some writers put when the document
// has no title.
func cleanTitle(s string) string {
	s = cleanText(s)
	if strings.EqualFold(s, "untitled") {
		return ""
	}
	return s
}

func readXMP(v lpdf.Value) (s string) {
	if v.Kind() != lpdf.Stream {
		return ""
	}
	defer func() {
		if recover() != nil {
			s = ""
		}
	}()
	rd := v.Reader()
	defer rd.Close()
	b, _ := io.ReadAll(io.LimitReader(rd, 4<<20))
	return string(b)
}

var (
	xmpTitleRe = regexp.MustCompile(`(?s)<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>`)
	xmpDateRes = []*regexp.Regexp{
		regexp.MustCompile(`(?s)<xmp:CreateDate>\s*([^<]*?)\s*</xmp:CreateDate>`),
		regexp.MustCompile(`xmp:CreateDate\s*=\s*"([^"]*)"`),
		regexp.MustCompile(`(?s)<xmp:ModifyDate>\s*([^<]*?)\s*</xmp:ModifyDate>`),
		regexp.MustCompile(`xmp:ModifyDate\s*=\s*"([^"]*)"`),
	}
)

func xmpTitle(xmp string) string {
	m := xmpTitleRe.FindStringSubmatch(xmp)
	if m == nil {
		return ""
	}
	return cleanText(html.UnescapeString(m[1]))
}

func xmpDate(xmp string) time.Time {
	for _, re := range xmpDateRes {
		if m := re.FindStringSubmatch(xmp); m != nil {
			for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01-02", "2006-01", "2006"} {
				if t, err := time.Parse(layout, m[1]); err == nil {
					return t
				}
			}
		}
	}
	return time.Time{}
}

// parseDate reads a PDF date, "D:YYYYMMDDHHmmSSOHH'mm'", where every
// part after the year may be missing.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "D:")
	if len(s) < 4 {
		return time.Time{}
	}
	digits := 0
	for digits < len(s) && digits < 14 && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	if digits < 4 || digits%2 != 0 {
		return time.Time{}
	}
	part := func(i, def int) int {
		if i+2 > digits {
			return def
		}
		n, _ := strconv.Atoi(s[i : i+2])
		return n
	}
	year, _ := strconv.Atoi(s[:4])
	month, day := part(4, 1), part(6, 1)
	hour, minute, sec := part(8, 0), part(10, 0), part(12, 0)
	if month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}
	}
	loc := time.UTC
	rest := s[digits:]
	if len(rest) > 0 && (rest[0] == '+' || rest[0] == '-') {
		tz := strings.NewReplacer("'", "", ":", "").Replace(rest[1:])
		h, m := 0, 0
		if len(tz) >= 2 {
			h, _ = strconv.Atoi(tz[:2])
		}
		if len(tz) >= 4 {
			m, _ = strconv.Atoi(tz[2:4])
		}
		off := h*3600 + m*60
		if rest[0] == '-' {
			off = -off
		}
		loc = time.FixedZone("", off)
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, loc)
}
