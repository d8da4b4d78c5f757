package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

func TestParsePDF(t *testing.T) {
	data, err := os.ReadFile("pdf/testdata/floods.pdf")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse("reports/floods.pdf", data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Floods in the Valley" || doc.Date.IsZero() {
		t.Errorf("title %q date %v, want the PDF's own", doc.Title, doc.Date)
	}
	want := map[string]int{
		"Chlorination was the first response.":                                 1,
		"Insurance claims were final by the spring.":                           2,
		"The third page closes the report with thanks to the affluent donors.": 3,
	}
	for _, s := range doc.Sentences {
		if p, ok := want[s.Text]; ok {
			if s.Page != p {
				t.Errorf("%q on page %d, want %d", s.Text, s.Page, p)
			}
			delete(want, s.Text)
		}
		if strings.ContainsAny(s.Text, "ﬁﬂ") {
			t.Errorf("ligature left in %q", s.Text)
		}
	}
	for s := range want {
		t.Errorf("missing sentence %q", s)
	}
}

func TestLoadBadPDF(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "broken.pdf"), []byte("%PDF-1.4\nnot really"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadDirs([]string{dir}, nil)
	if err == nil || !strings.Contains(err.Error(), "broken.pdf") {
		t.Fatalf("got %v, want an error naming broken.pdf", err)
	}
}

// TestScannedPDF: a PDF whose pages hold no text (a scan) is an error naming the file.
func TestScannedPDF(t *testing.T) {
	f := fpdf.New("P", "mm", "A4", "")
	for range 2 {
		f.AddPage()
		f.Rect(20, 20, 100, 150, "F") // a picture, no text
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		t.Fatal(err)
	}
	_, err := Parse("scan.pdf", buf.Bytes())
	if err == nil || !strings.Contains(err.Error(), "scan.pdf") || !strings.Contains(err.Error(), "no text on any of its 2 pages") {
		t.Fatalf("got %v, want an error naming scan.pdf and its 2 pages without text", err)
	}
}

func TestPDFHeading(t *testing.T) {
	cases := []struct {
		name string
		p    string
		want bool
	}{
		{"numbered", "2 Aftermath", true},
		{"roman", "III. Security situation", true},
		{"sentence", "Insurance claims were final by the spring.", false},
		{"lower-case fragment", "and the bridges", false},
		{"long line", "One two three four five six seven eight nine ten eleven", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := pdfHeading(c.p); got != c.want {
				t.Errorf("pdfHeading(%q) = %v", c.p, got)
			}
		})
	}
}
