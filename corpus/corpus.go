// Package corpus holds the source documents the bot answers from: loading them
// (with optional YAML front matter), splitting them into sentences, and
// annotating those sentences with numbers, dates, people, places and acronyms.
package corpus

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"time"
)

// Document is one source file.
type Document struct {
	// ID names the document: its path relative to the corpus folder it came from.
	ID     string
	Title  string
	Date   time.Time // zero when the document has none
	Source string
	// Body is the text after the front matter.
	Body string
	// BodyLine is the 1-based line of the file on which Body starts.
	BodyLine  int
	Sentences []Sentence
	// Format is how the file was read: "markdown", "text", "pdf" or "html".
	Format string
	// Warnings are what a curator should know about the file (no date, a
	// title taken from the file name, ...); they do not stop it loading.
	Warnings []string
}

// warn adds the warnings every format shares.
func (d *Document) warn(titleFromName bool) {
	if titleFromName {
		d.Warnings = append(d.Warnings, "no title: the file name is used")
	}
	if d.Date.IsZero() {
		d.Warnings = append(d.Warnings, "no date: answers from it cannot say as of when")
	}
	if len(d.Sentences) == 0 {
		d.Warnings = append(d.Warnings, "no text")
	}
}

// Sentence is one sentence of a document, with where it came from.
type Sentence struct {
	Doc   string
	Title string
	Date  time.Time
	// Pos is the 0-based position of the sentence in its document.
	Pos  int
	Text string
	// Heading marks a heading or title line rather than running text.
	Heading bool
	// Section is the path of headings the sentence stands under
	// ("Security situation › Police"), "" when none; Page its page in a
	// paged document (1-based), 0 when the document has no pages.
	Section string
	Page    int
	// Lead is the lead-in sentence of the list the sentence is an item of
	// ("The following governments fund the initiative:"), "" otherwise.
	Lead string
}

// DateString formats a document date as YYYY-MM-DD, or "" when unknown.
func DateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

//go:embed default/*.md
var defaultFS embed.FS

// Hash returns a content hash of documents, stable across runs, used to tell
// whether a persisted index still matches its corpus. Documents without
// sentences are left out, as loading leaves them out.
func Hash(docs []Document) string {
	h := NewHasher()
	for _, d := range docs {
		h.Add(d)
	}
	return h.Sum()
}

// Hasher computes Hash over documents given one at a time, in order.
type Hasher struct{ h hash.Hash }

// NewHasher starts a Hash.
func NewHasher() *Hasher { return &Hasher{h: sha256.New()} }

// Add adds the next document.
func (h *Hasher) Add(d Document) {
	if len(d.Sentences) == 0 {
		return
	}
	fmt.Fprintf(h.h, "%s\x00%s\x00%s\x00%s\x00%d\x00", d.ID, d.Title, DateString(d.Date), d.Source, len(d.Body))
	io.WriteString(h.h, d.Body)
}

// Sum is the hash of the documents added.
func (h *Hasher) Sum() string { return hex.EncodeToString(h.h.Sum(nil)) }
