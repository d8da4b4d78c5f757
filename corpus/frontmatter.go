package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// FileError is a problem with one corpus file (or folder), with the line it
// is on when that applies.
type FileError struct {
	File string // the path as the user gave it
	Line int    // 1-based; 0 when the problem is not on one line
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("corpus: %s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("corpus: %s: %v", e.File, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// Parse reads one corpus file. A .pdf is read as a PDF (parsePDF), a
// .html or .htm as a web page (parseHTML); other
// files as text: optional YAML front matter (title, date,
// source; other keys are ignored) between "---" lines, then the body, split
// into sentences. id names the document and the file in errors. A byte-order
// mark and CRLF line endings are accepted. The title defaults to the first
// heading, then to the file name; the date is zero when absent. A file with no
// text yields a document without sentences.
func Parse(id string, data []byte) (Document, error) {
	if strings.EqualFold(path.Ext(id), ".pdf") {
		return parsePDF(id, data)
	}
	if isHTML(id) {
		return parseHTML(id, data)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if err := checkText(data); err != nil {
		err.File = id
		return Document{}, err
	}
	text := string(data)
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	doc := Document{ID: id, BodyLine: 1}
	body := text
	if fm, rest, bodyLine, ok, err := cutFrontMatter(text); err != nil {
		err.File = id
		return Document{}, err
	} else if ok {
		if err := fm.apply(&doc); err != nil {
			err.File = id
			return Document{}, err
		}
		body, doc.BodyLine = rest, bodyLine
	}
	doc.Body = body

	var segs []segment
	if isMarkdown(id) {
		segs = markdownSegments(body)
	} else {
		segs = segments(body)
	}
	if doc.Title == "" {
		for _, s := range segs {
			if s.heading {
				doc.Title = s.text
				break
			}
		}
	}
	if doc.Date.IsZero() {
		segs = dateline(&doc, segs)
	}
	fromName := doc.Title == ""
	if doc.Title == "" {
		doc.Title = strings.TrimSuffix(path.Base(id), path.Ext(id))
	}
	if doc.Title == "" || doc.Title == "." || doc.Title == "/" {
		doc.Title = id
	}
	if len(segs) > 0 {
		doc.Sentences = make([]Sentence, len(segs))
		for i, s := range segs {
			doc.Sentences[i] = Sentence{Doc: doc.ID, Title: doc.Title, Date: doc.Date, Pos: i, Text: s.text, Heading: s.heading, Section: s.section, Lead: s.lead}
		}
	}
	doc.Format = "text"
	if isMarkdown(id) {
		doc.Format = "markdown"
	}
	doc.warn(fromName)
	return doc, nil
}

// datelineLabels lead a document's date on a line of its own near its top
// ("Published: 2026-03-10").
var datelineLabels = []string{"published", "date", "posted", "updated", "dated"}

// dateline gives doc, which has no front-matter date, the date of a
// dateline among its first segments (dropped from its text), else the
// date its file name starts with ("2026-03-10-first-moves.md").
func dateline(doc *Document, segs []segment) []segment {
	for i, sg := range segs[:min(len(segs), 4)] {
		label, value, ok := strings.Cut(sg.text, ":")
		if !ok || sg.heading {
			continue
		}
		label = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(label)), " on")
		if !slices.Contains(datelineLabels, label) {
			continue
		}
		if t, err := parseDate(strings.TrimSuffix(strings.TrimSpace(value), ".")); err == nil {
			doc.Date = t
			return slices.Delete(segs, i, i+1)
		}
	}
	if base := path.Base(doc.ID); len(base) >= 10 {
		if t, err := time.Parse("2006-01-02", base[:10]); err == nil {
			doc.Date = t
		}
	}
	return segs
}

// isMarkdown: the file is read as markdown (.md, .markdown).
func isMarkdown(id string) bool {
	ext := strings.ToLower(path.Ext(id))
	return ext == ".md" || ext == ".markdown"
}

// checkText rejects text that is not valid UTF-8 or holds NUL bytes, naming
// the line of the first bad byte.
func checkText(data []byte) *FileError {
	bad := -1
	var why string
	if i := bytes.IndexByte(data, 0); i >= 0 {
		bad, why = i, "holds a NUL byte: not a text file"
	}
	if !utf8.Valid(data) {
		for i := 0; i < len(data) && (bad < 0 || i < bad); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				bad, why = i, fmt.Sprintf("is not valid UTF-8 text (byte 0x%02X); save it as UTF-8", data[i])
				break
			}
			i += size
		}
	}
	if bad < 0 {
		return nil
	}
	line := 1 + bytes.Count(data[:bad], []byte("\n"))
	col := 1 + utf8.RuneCount(data[bytes.LastIndexByte(data[:bad], '\n')+1:bad])
	return &FileError{Line: line, Err: fmt.Errorf("column %d: %s", col, why)}
}

// frontMatter is the parsed YAML between the "---" lines.
type frontMatter struct {
	node  *yaml.Node // the mapping, nil when empty
	first int        // file line of the first YAML line
}

// cutFrontMatter splits "---\nYAML\n---\nbody" into its front matter and body.
// ok is false when the text has no front matter.
func cutFrontMatter(text string) (fm frontMatter, body string, bodyLine int, ok bool, ferr *FileError) {
	first, _, found := strings.Cut(text, "\n")
	if strings.TrimRight(first, " \t") != "---" {
		return fm, text, 1, false, nil
	}
	fm.first = 2
	yamlStart := len(first) + 1
	for off, line := yamlStart, 2; found; line++ {
		var l string
		l, _, found = strings.Cut(text[off:], "\n")
		if t := strings.TrimRight(l, " \t"); t != "---" && t != "..." {
			off += len(l) + 1
			continue
		}
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(text[yamlStart:off]), &doc); err != nil {
			return fm, "", 0, false, yamlError(err, fm.first)
		}
		if len(doc.Content) > 0 {
			switch n := doc.Content[0]; {
			case n.Kind == yaml.MappingNode:
				fm.node = n
			case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
			default:
				return fm, "", 0, false, &FileError{Line: fm.first + n.Line - 1,
					Err: errors.New("front matter is not a list of \"key: value\" lines")}
			}
		}
		bodyStart := min(off+len(l)+1, len(text))
		return fm, text[bodyStart:], line + 1, true, nil
	}
	return fm, "", 0, false, &FileError{Line: 1,
		Err: errors.New("front matter opened by \"---\" is never closed (want a line \"---\" after it)")}
}

// yamlError turns a YAML parse error ("yaml: line 3: ...") into a FileError
// on the file's line; first is the file line of the first YAML line. The
// YAML library numbers lines from 1 for scanner errors but from 0 for parser
// errors ("did not find expected ..."), and gives no line for the first.
func yamlError(err error, first int) *FileError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := first
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, after, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = first+n-1, after
				if isYAMLParserError(msg) {
					line++
				}
			}
		}
	}
	return &FileError{Line: line, Err: fmt.Errorf("front matter is not valid YAML: %s", msg)}
}

// isYAMLParserError reports the messages of the YAML parser (rather than its
// scanner), whose line numbers count from 0.
func isYAMLParserError(msg string) bool {
	switch strings.TrimPrefix(msg, "did not find expected ") {
	case "<document start>", "node content", "key", "'-' indicator", "',' or ']'", "',' or '}'":
		return true
	}
	return false
}

// apply sets the document's title, date and source from the front matter.
func (fm frontMatter) apply(doc *Document) *FileError {
	if fm.node == nil {
		return nil
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(fm.node.Content); i += 2 {
		k, v := fm.node.Content[i], fm.node.Content[i+1]
		key := strings.ToLower(k.Value)
		if key != "title" && key != "date" && key != "source" {
			continue
		}
		line := fm.first + k.Line - 1
		if prev, dup := seen[key]; dup {
			return &FileError{Line: line, Err: fmt.Errorf("%s given twice (first on line %d)", key, prev)}
		}
		seen[key] = line
		if v.Kind == yaml.AliasNode && v.Alias != nil {
			v = v.Alias
		}
		if v.Kind != yaml.ScalarNode {
			return &FileError{Line: line, Err: fmt.Errorf("%s must be a single value, not a list or mapping", key)}
		}
		value := strings.TrimSpace(v.Value)
		if v.Tag == "!!null" {
			value = ""
		}
		switch key {
		case "title":
			doc.Title = normalizeSpace(value)
		case "source":
			doc.Source = normalizeSpace(value)
		case "date":
			if value == "" {
				continue
			}
			t, err := parseDate(value)
			if err != nil {
				return &FileError{Line: fm.first + v.Line - 1, Err: err}
			}
			doc.Date = t
		}
	}
	return nil
}

// parseDate parses a front-matter date: 2024-08-28, RFC 3339
// (2024-08-28T10:00:00Z), "August 28, 2024" or "28 August 2024".
func parseDate(s string) (time.Time, error) {
	layouts := [...]string{"2006-01-02", time.RFC3339Nano, "January 2, 2006", "January 2 2006",
		"2 January 2006", "Jan 2, 2006", "2 Jan 2006"}
	for _, layout := range layouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q does not parse (want YYYY-MM-DD, RFC 3339, \"August 28, 2024\" or \"28 August 2024\")", s)
}
