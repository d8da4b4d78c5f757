package corpus

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestDefault(t *testing.T) {
	docs, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("Default() gave %d documents, want 1", len(docs))
	}
	d := docs[0]
	if want := "Kenyan commander urges more nations to send police to the Haiti security mission"; d.Title != want {
		t.Errorf("title %q, want %q", d.Title, want)
	}
	if got := DateString(d.Date); got != "2024-08-28" {
		t.Errorf("date %q, want 2024-08-28", got)
	}
	if d.ID != "mssm-haiti-2024-08.md" {
		t.Errorf("ID %q, want mssm-haiti-2024-08.md", d.ID)
	}
	if d.Source == "" {
		t.Error("no source")
	}
	if len(d.Sentences) != 13 {
		t.Fatalf("%d sentences, want 13: %q", len(d.Sentences), texts(d.Sentences))
	}
	want := "Currently, Kenya has deployed 400 elite police officers to Haiti, though it had initially promised 1,000."
	s := d.Sentences[9]
	if s.Text != want || s.Pos != 9 || s.Doc != d.ID || s.Title != d.Title || !s.Date.Equal(d.Date) || s.Heading {
		t.Errorf("sentence 9 = %+v, want %q at 9 with the document's ID, title and date", s, want)
	}
	// The embedded document is the shared source material, sentence for sentence.
	if data, err := os.ReadFile("../../shared/corpus/mssm-haiti-2024-08.txt"); err == nil {
		if got, want := texts(d.Sentences), Split(string(data)); !equalStrings(got, want) {
			t.Errorf("embedded sentences differ from the source material:\n got %q\nwant %q", got, want)
		}
	}
}

func texts(ss []Sentence) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.Text
	}
	return out
}

func TestLoadDirsGood(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	docs, err := LoadDirs([]string{filepath.Join("testdata", "good")}, log)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID)
	}
	wantIDs := []string{"notes/markdown.md", "plain.txt", "reports/2025/bom.md"}
	if !equalStrings(ids, wantIDs) {
		t.Fatalf("IDs %q, want %q (sorted; hidden, empty and non-text files skipped)", ids, wantIDs)
	}
	for _, skipped := range []string{"empty.md", "blank.txt", "front-matter-only.md"} {
		if !strings.Contains(logs.String(), skipped) {
			t.Errorf("no warning naming skipped file %s in log:\n%s", skipped, logs.String())
		}
	}

	md := docs[0]
	if md.Title != "Relief force expands as Dr. Nwosu joins" || DateString(md.Date) != "2024-08-28" ||
		md.Source != "Fictional test article for the corpus loader" || md.BodyLine != 9 {
		t.Errorf("markdown.md: title %q date %q source %q body line %d", md.Title, DateString(md.Date), md.Source, md.BodyLine)
	}
	wantSentences := []string{
		"Relief force expands",
		"Dr. Amara Nwosu, a Nigerian epidemiologist, joined the U.N. team on Aug. 28, 2024.",
		"She met Gen. Otunge and Lt. Col. Ray at St. Mary's clinic.",
		"The force grew to 1,000 officers.",
		"Its budget is $3.2 million, up 2.5 times (i.e. a large rise).",
		`Mr. Arkwright said, "We need more help."`,
		"Then he left.",
		"Who is coming",
		"Nigeria sends 200 police.",
		"Chad",
		"Jamaica, e.g. its coast guard.",
		"Chile",
		"Wait... what happens next?",
		"Nobody knows…",
		"The U.S.",
		"Then Canada.",
	}
	if got := texts(md.Sentences); !equalStrings(got, wantSentences) {
		t.Errorf("markdown.md sentences:\n got %q\nwant %q", got, wantSentences)
	}
	for i, s := range md.Sentences {
		if s.Pos != i || s.Doc != md.ID || s.Title != md.Title || !s.Date.Equal(md.Date) {
			t.Errorf("sentence %d = %+v: wrong position or document fields", i, s)
		}
		if wantHeading := i == 0 || i == 7; s.Heading != wantHeading {
			t.Errorf("sentence %d %q: heading %v, want %v", i, s.Text, s.Heading, wantHeading)
		}
	}

	plain := docs[1]
	if plain.Title != "Plain text report" || !plain.Date.IsZero() || plain.BodyLine != 1 {
		t.Errorf("plain.txt: title %q (want its first heading), date %v (want none), body line %d", plain.Title, plain.Date, plain.BodyLine)
	}
	if got, want := texts(plain.Sentences), []string{"Plain text report", "Kenya sent 400 officers.", "Chad sent 200 police."}; !equalStrings(got, want) {
		t.Errorf("plain.txt (CRLF) sentences %q, want %q", got, want)
	}

	bom := docs[2]
	wantDate := time.Date(2025, 4, 11, 9, 30, 0, 0, time.UTC)
	if bom.Title != "With a byte-order mark" || !bom.Date.Equal(wantDate) || len(bom.Sentences) != 1 {
		t.Errorf("bom.md: title %q, date %v, %d sentences", bom.Title, bom.Date, len(bom.Sentences))
	}
}

func TestLoadDirsSeveral(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := os.WriteFile(filepath.Join(dir, "same.md"), []byte("Kenya sent 400 officers."), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := LoadDirs([]string{b, a, b}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 {
		t.Fatalf("%d documents, want 2 (a folder given twice loads once)", len(docs))
	}
	if docs[0].ID == docs[1].ID {
		t.Errorf("documents from two folders share the ID %q", docs[0].ID)
	}
	for _, d := range docs {
		if !strings.HasSuffix(d.ID, "/same.md") || d.Sentences[0].Doc != d.ID {
			t.Errorf("ID %q (sentence doc %q): want a folder prefix before same.md", d.ID, d.Sentences[0].Doc)
		}
	}
}

func TestLoadDirsErrors(t *testing.T) {
	bad := filepath.Join("testdata", "bad")
	emptyDir := t.TempDir()
	tests := []struct {
		name string
		dirs []string
		want []string // substrings of the error
	}{
		{"no folder", nil, []string{"no folder given"}},
		{"missing folder", []string{filepath.Join(bad, "nope")}, []string{filepath.Join(bad, "nope") + ": no such folder"}},
		{"a file, not a folder", []string{filepath.Join(bad, "date", "month13.md")}, []string{"month13.md: not a folder"}},
		{"empty folder", []string{emptyDir}, []string{emptyDir + ": no .md, .txt, .html or .pdf files"}},
		{"folder without text files", []string{filepath.Join(bad, "no-text-files")}, []string{"no-text-files: no .md, .txt, .html or .pdf files"}},
		{"only empty files", []string{filepath.Join(bad, "only-empty")}, []string{"only-empty: no text: all 2 corpus files are empty"}},
		{"unclosed front matter", []string{filepath.Join(bad, "unclosed")}, []string{filepath.Join(bad, "unclosed", "open.md") + ":1: front matter opened by \"---\" is never closed"}},
		{"invalid YAML", []string{filepath.Join(bad, "yaml")}, []string{filepath.Join(bad, "yaml", "broken.md") + ":4: front matter is not valid YAML"}},
		{"bad date", []string{filepath.Join(bad, "date")}, []string{filepath.Join(bad, "date", "month13.md") + `:3: date "2024-13-01" does not parse (want YYYY-MM-DD`}},
		{"not UTF-8", []string{filepath.Join(bad, "latin1")}, []string{filepath.Join(bad, "latin1", "latin1.txt") + ":2: column 5: is not valid UTF-8 text (byte 0xE7)"}},
		{"NUL byte", []string{filepath.Join(bad, "nul")}, []string{filepath.Join(bad, "nul", "binary.md") + ":3: column 10: holds a NUL byte"}},
		{"title is a list", []string{filepath.Join(bad, "title-list")}, []string{filepath.Join(bad, "title-list", "list.md") + ":2: title must be a single value"}},
		{"one bad file among good ones", []string{filepath.Join(bad, "second-date")}, []string{filepath.Join(bad, "second-date", "b-bad.md") + `:3: date "yesterday" does not parse`}},
		{"good folder and bad folder", []string{filepath.Join("testdata", "good"), filepath.Join(bad, "date")}, []string{"month13.md:3: date"}},
		{"every bad folder is reported", []string{filepath.Join(bad, "date"), filepath.Join(bad, "latin1")}, []string{"month13.md:3:", "latin1.txt:2:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := LoadDirs(tt.dirs, nil)
			if err == nil {
				t.Fatalf("LoadDirs(%q) succeeded with %d documents, want an error", tt.dirs, len(docs))
			}
			if docs != nil {
				t.Errorf("LoadDirs(%q) returned %d documents with its error, want none", tt.dirs, len(docs))
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "corpus: ") {
				t.Errorf("error %q does not start with \"corpus: \"", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not contain %q", msg, w)
				}
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name      string
		id        string
		data      string
		title     string
		date      string
		source    string
		bodyLine  int
		sentences []string
	}{
		{"no front matter, title from file name", "notes/kenya-update.md", "Kenya sent 400 officers.", "kenya-update", "", "", 1,
			[]string{"Kenya sent 400 officers."}},
		{"title from first heading", "a.md", "Kenya sent 400.\n\n## Chad joins\n\nChad sent 200.", "Chad joins", "", "", 1,
			[]string{"Kenya sent 400.", "Chad joins", "Chad sent 200."}},
		{"ISO date and unknown keys ignored", "a.md", "---\ntitle: T\ndate: 2024-08-28\nsource: S\nauthor: X\ntags: [a, b]\n---\nKenya sent 400.", "T", "2024-08-28", "S", 8,
			[]string{"Kenya sent 400."}},
		{"quoted values", "a.md", "---\ntitle: \"Kenya: an update\"\ndate: '2024-08-28'\n---\nText here.", "Kenya: an update", "2024-08-28", "", 5,
			[]string{"Text here."}},
		{"RFC 3339 date", "a.md", "---\ndate: 2024-08-28T23:30:00+02:00\n---\nText here.", "a", "2024-08-28", "", 4, []string{"Text here."}},
		{"month day, year", "a.md", "---\ndate: August 28, 2024\n---\nText here.", "a", "2024-08-28", "", 4, []string{"Text here."}},
		{"day month year", "a.md", "---\ndate: 28 August 2024\n---\nText here.", "a", "2024-08-28", "", 4, []string{"Text here."}},
		{"empty date and title", "a.md", "---\ntitle:\ndate:\n---\nText here.", "a", "", "", 5, []string{"Text here."}},
		{"empty front matter", "a.md", "---\n---\nText here.", "a", "", "", 3, []string{"Text here."}},
		{"YAML document end marker", "a.md", "---\ntitle: T\n...\nText here.", "T", "", "", 4, []string{"Text here."}},
		{"BOM and CRLF", "a.md", "\uFEFF---\r\ntitle: T\r\ndate: 2024-08-28\r\n---\r\nKenya sent\r\n400.\r\n", "T", "2024-08-28", "", 5,
			[]string{"Kenya sent 400."}},
		{"dateline under the title", "a.md", "# Rhinos moved\n\nPublished: 2026-03-10\n\nEight rhinos were moved.", "Rhinos moved", "2026-03-10", "", 1,
			[]string{"Rhinos moved", "Eight rhinos were moved."}},
		{"date from the file name", "news/2026-03-10-rhinos.md", "Eight rhinos were moved.", "2026-03-10-rhinos", "2026-03-10", "", 1,
			[]string{"Eight rhinos were moved."}},
		{"front matter date over the file name's", "2026-03-10-rhinos.md", "---\ndate: 2026-04-01\n---\nDate: 2026-05-01\n\nText.", "2026-03-10-rhinos", "2026-04-01", "", 4,
			[]string{"Date: 2026-05-01", "Text."}},
		{"a label with no date is text", "a.md", "Date: to be confirmed.\n\nText.", "a", "", "", 1, []string{"Date: to be confirmed.", "Text."}},
		{"empty file", "a.md", "", "a", "", "", 1, nil},
		{"front matter only", "a.md", "---\ntitle: T\n---\n", "T", "", "", 4, nil},
		{"a later --- is text, not front matter", "a.md", "Kenya sent 400.\n---\nChad sent 200.", "a", "", "", 1,
			[]string{"Kenya sent 400.", "Chad sent 200."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse(tt.id, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if d.ID != tt.id || d.Title != tt.title || DateString(d.Date) != tt.date || d.Source != tt.source || d.BodyLine != tt.bodyLine {
				t.Errorf("got id %q title %q date %q source %q body line %d, want %q %q %q %q %d",
					d.ID, d.Title, DateString(d.Date), d.Source, d.BodyLine, tt.id, tt.title, tt.date, tt.source, tt.bodyLine)
			}
			if got := texts(d.Sentences); !equalStrings(got, tt.sentences) {
				t.Errorf("sentences %q, want %q", got, tt.sentences)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string // the whole error message
	}{
		{"unclosed front matter", "---\ntitle: T\nText.", `corpus: doc.md:1: front matter opened by "---" is never closed (want a line "---" after it)`},
		{"just a front matter opener", "---", `corpus: doc.md:1: front matter opened by "---" is never closed (want a line "---" after it)`},
		{"bad YAML on line 3", "---\ntitle: T\nsource: [x\n---\nText.", "corpus: doc.md:3: front matter is not valid YAML: did not find expected ',' or ']'"},
		{"tab indentation", "---\ntitle: T\n\tdate: 2024-08-28\n---\nText.", "corpus: doc.md:3: front matter is not valid YAML: found a tab character that violates indentation"},
		{"mapping in a value", "---\ntitle: T\ndate: a: b\n---\nText.", "corpus: doc.md:3: front matter is not valid YAML: mapping values are not allowed in this context"},
		{"list item among keys", "---\na: 1\nb: 2\n- c\n---\nText.", "corpus: doc.md:4: front matter is not valid YAML: did not find expected key"},
		{"front matter not a mapping", "---\n- a\n- b\n---\nText.", `corpus: doc.md:2: front matter is not a list of "key: value" lines`},
		{"month 13", "---\ntitle: T\ndate: 2024-13-01\n---\nText.", `corpus: doc.md:3: date "2024-13-01" does not parse (want YYYY-MM-DD, RFC 3339, "August 28, 2024" or "28 August 2024")`},
		{"US slashes", "---\ndate: 08/28/2024\n---\nText.", `corpus: doc.md:2: date "08/28/2024" does not parse (want YYYY-MM-DD, RFC 3339, "August 28, 2024" or "28 August 2024")`},
		{"date as a list", "---\ndate: [2024-08-28]\n---\nText.", "corpus: doc.md:2: date must be a single value, not a list or mapping"},
		{"title twice", "---\ntitle: A\ntitle: B\n---\nText.", "corpus: doc.md:3: title given twice (first on line 2)"},
		{"Latin-1 byte", "Kenya.\nCura\xe7ao helps.", "corpus: doc.md:2: column 5: is not valid UTF-8 text (byte 0xE7); save it as UTF-8"},
		{"invalid UTF-8 in front matter", "---\ntitle: Cura\xe7ao\n---\nText.", "corpus: doc.md:2: column 12: is not valid UTF-8 text (byte 0xE7); save it as UTF-8"},
		{"UTF-16", "\xff\xfeK\x00", "corpus: doc.md:1: column 1: is not valid UTF-8 text (byte 0xFF); save it as UTF-8"},
		{"NUL byte", "Kenya.\x00", "corpus: doc.md:1: column 7: holds a NUL byte: not a text file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Parse("doc.md", []byte(tt.data))
			if err == nil {
				t.Fatalf("Parse succeeded with %+v, want error %q", d, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err.Error(), tt.want)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != "doc.md" || fe.Line == 0 {
				t.Errorf("error %#v is not a *FileError naming doc.md and a line", err)
			}
		})
	}
}

func TestLoadFS(t *testing.T) {
	docs, err := LoadFS(os.DirFS("testdata"), "good", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 3 || docs[0].ID != "notes/markdown.md" {
		t.Errorf("LoadFS gave %d documents, first %q; want 3, notes/markdown.md", len(docs), docs[0].ID)
	}
	if _, err := LoadFS(os.DirFS("testdata"), "missing", nil); err == nil || err.Error() != "corpus: missing: no such folder" {
		t.Errorf("LoadFS(missing) error %v, want \"corpus: missing: no such folder\"", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("---\ntitle: T\ndate: 2024-08-28\nsource: S\n---\n# Heading\n\nDr. Smith sent 1,000. Then he left.\n- item\n"))
	f.Add([]byte("\uFEFF---\r\ntitle: [x\r\n---\r\nText."))
	f.Add([]byte("---\ndate: August 28, 2024\n...\nA.\n\n\n---\n===\n"))
	f.Add([]byte("---\n&a title: *a\n---\n"))
	f.Add([]byte("Cura\xe7ao \x00"))
	f.Add([]byte(""))
	if data, err := os.ReadFile("default/mssm-haiti-2024-08.md"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse("fuzz.md", data)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != "fuzz.md" {
				t.Fatalf("error %v is not a *FileError naming the file", err)
			}
			return
		}
		if d.Title == "" || !utf8.ValidString(d.Title) || !utf8.ValidString(d.Body) {
			t.Fatalf("document title %q: empty or not UTF-8", d.Title)
		}
		for i, s := range d.Sentences {
			if s.Pos != i || s.Doc != "fuzz.md" || s.Title != d.Title {
				t.Fatalf("sentence %d = %+v: wrong position or document", i, s)
			}
			if strings.TrimSpace(s.Text) == "" || !utf8.ValidString(s.Text) {
				t.Fatalf("sentence %d %q is empty or not UTF-8", i, s.Text)
			}
		}
	})
}
