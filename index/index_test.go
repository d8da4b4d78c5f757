package index_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"mssmbot/corpus"
	"mssmbot/index"
)

// The sentence of the embedded corpus most tests look for.
const deployed = "Currently, Kenya has deployed 400 elite police officers to Haiti, though it had initially promised 1,000."

// logBuffer is a logger writing text records, debug included, to a buffer the
// test can read. It is safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *logBuffer) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Reset()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// warnings returns the warning records of the log.
func (l *logBuffer) warnings() []string {
	var out []string
	for _, line := range strings.Split(l.String(), "\n") {
		if strings.Contains(line, "level=WARN") {
			out = append(out, line)
		}
	}
	return out
}

func defaultDocs(tb testing.TB) []corpus.Document {
	tb.Helper()
	docs, err := corpus.Default()
	if err != nil {
		tb.Fatalf("load default corpus: %v", err)
	}
	return docs
}

// parseDoc builds a document the way the loader does.
func parseDoc(tb testing.TB, id, text string) corpus.Document {
	tb.Helper()
	d, err := corpus.Parse(id, []byte(text))
	if err != nil {
		tb.Fatalf("parse %s: %v", id, err)
	}
	return d
}

func open(tb testing.TB, docs []corpus.Document, dir string, log *logBuffer) *index.Index {
	tb.Helper()
	ix, err := index.Open(context.Background(), docs, index.Options{Dir: dir, Logger: log.logger()})
	if err != nil {
		tb.Fatalf("open index in %s: %v\nlog:\n%s", dir, err, log)
	}
	return ix
}

// search returns the text of the sentences found for q, best first.
func search(tb testing.TB, ix *index.Index, q index.Query) []string {
	tb.Helper()
	hits, err := ix.Search(context.Background(), q)
	if err != nil {
		tb.Fatalf("search %+v: %v", q, err)
	}
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Sentence.Text
	}
	return out
}

// stems analyzes words the way the index analyzes text.
func stems(ix *index.Index, text string) []string {
	var out []string
	for _, t := range ix.Analyze(text) {
		out = append(out, t.Stem)
	}
	return out
}

func containsText(texts []string, want string) bool {
	for _, t := range texts {
		if t == want {
			return true
		}
	}
	return false
}

// snapshot records every file under dir with its size and modification time.
func snapshot(tb testing.TB, dir string) map[string]string {
	tb.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = fmt.Sprintf("%d bytes, modified %s", info.Size(), info.ModTime().Format(time.RFC3339Nano))
		return nil
	})
	if err != nil {
		tb.Fatalf("walk %s: %v", dir, err)
	}
	return out
}

// bleveFiles lists the regular files of the bleve folder inside dir.
func bleveFiles(tb testing.TB, dir string) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(dir, "bleve"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	if err != nil || len(out) == 0 {
		tb.Fatalf("no bleve files in %s: %v", dir, err)
	}
	return out
}

func TestOpenReusesUnchangedIndex(t *testing.T) {
	docs := defaultDocs(t)
	dir := t.TempDir()
	var log logBuffer
	ix := open(t, docs, dir, &log)
	want := search(t, ix, index.Query{Stems: stems(ix, "deployed officers")})
	if err := ix.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	before := snapshot(t, dir)
	log.Reset()

	ix = open(t, docs, dir, &log)
	defer ix.Close()
	if w := log.warnings(); len(w) > 0 {
		t.Errorf("reopening an unchanged index warned:\n%s", strings.Join(w, "\n"))
	}
	if strings.Contains(log.String(), "index built") {
		t.Errorf("reopening an unchanged index rebuilt it; log:\n%s", log.String())
	}
	after := snapshot(t, dir)
	for name, b := range before {
		if name == filepath.Join("bleve", "store", "root.bolt") {
			continue // bolt rewrites its root on every open
		}
		if a := after[name]; a != b {
			t.Errorf("%s changed on reopen: %q -> %q", name, b, a)
		}
	}
	got := search(t, ix, index.Query{Stems: stems(ix, "deployed officers")})
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reopened index answers differently:\ngot  %q\nwant %q", got, want)
	}
	if ix.Sentences() != len(docs[0].Sentences) || ix.Documents() != len(docs) {
		t.Errorf("reopened index holds %d sentences of %d documents, want %d of %d",
			ix.Sentences(), ix.Documents(), len(docs[0].Sentences), len(docs))
	}
}

func TestOpenRebuildsChangedCorpus(t *testing.T) {
	const (
		oldText = "The harbor authority hired 40 divers in March."
		newText = "The harbor authority hired 55 divers in April."
	)
	doc := func(body string) []corpus.Document {
		return []corpus.Document{parseDoc(t, "harbor.md", "---\ntitle: Harbor news\ndate: 2025-05-01\n---\n"+body+"\nThe pier reopened after repairs.\n")}
	}
	dir := t.TempDir()
	var log logBuffer
	ix := open(t, doc(oldText), dir, &log)
	if got := search(t, ix, index.Query{Stems: stems(ix, "divers")}); !containsText(got, oldText) {
		t.Fatalf("first index: divers found %q, want %q", got, oldText)
	}
	ix.Close()
	log.Reset()

	ix = open(t, doc(newText), dir, &log)
	defer ix.Close()
	got := search(t, ix, index.Query{Stems: stems(ix, "divers")})
	if !containsText(got, newText) || containsText(got, oldText) {
		t.Errorf("after the document changed, divers found %q; want only %q", got, newText)
	}
	if w := log.warnings(); len(w) != 1 || !strings.Contains(w[0], "rebuild") {
		t.Errorf("a changed corpus should be rebuilt with one warning; log:\n%s", log.String())
	}
}

func TestOpenRebuildsBadFolder(t *testing.T) {
	tests := []struct {
		name string
		// spoil damages the persisted index in dir.
		spoil func(t *testing.T, dir string)
	}{
		{"garbage in every bleve file", func(t *testing.T, dir string) {
			for _, f := range bleveFiles(t, dir) {
				writeFile(t, f, bytes.Repeat([]byte("not an index \x00\xff"), 64))
			}
		}},
		{"garbage in the segment files", func(t *testing.T, dir string) {
			n := 0
			for _, f := range bleveFiles(t, dir) {
				if strings.HasSuffix(f, ".zap") {
					writeFile(t, f, bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, 4096))
					n++
				}
			}
			if n == 0 {
				t.Fatal("no segment files to spoil")
			}
		}},
		{"truncated segment files", func(t *testing.T, dir string) {
			for _, f := range bleveFiles(t, dir) {
				if strings.HasSuffix(f, ".zap") {
					if err := os.Truncate(f, 100); err != nil {
						t.Fatal(err)
					}
				}
			}
		}},
		{"bleve folder removed", func(t *testing.T, dir string) {
			if err := os.RemoveAll(filepath.Join(dir, "bleve")); err != nil {
				t.Fatal(err)
			}
		}},
		{"garbage meta file", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "mssmbot-index.json"), []byte("{\"format\": \x00garbage"))
		}},
		{"unreadable meta file", func(t *testing.T, dir string) {
			meta := filepath.Join(dir, "mssmbot-index.json")
			if err := os.Remove(meta); err != nil {
				t.Fatal(err)
			}
			// A folder in its place cannot be read, even by root.
			if err := os.Mkdir(meta, 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{"meta file of another version", func(t *testing.T, dir string) {
			editMeta(t, dir, func(m map[string]any) { m["format"] = "mssmbot-index-0" })
		}},
		{"meta file counting other sentences", func(t *testing.T, dir string) {
			editMeta(t, dir, func(m map[string]any) { m["sentences"] = 3 })
		}},
		{"foreign bleve index without our meta", func(t *testing.T, dir string) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			bi, err := bleve.New(filepath.Join(dir, "bleve"), bleve.NewIndexMapping())
			if err != nil {
				t.Fatal(err)
			}
			if err := bi.Index("x", map[string]string{"body": "Kenya has deployed 9 police officers."}); err != nil {
				t.Fatal(err)
			}
			bi.Close()
		}},
	}
	docs := defaultDocs(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var log logBuffer
			ix := open(t, docs, dir, &log)
			ix.Close()
			tt.spoil(t, dir)
			log.Reset()

			ix = open(t, docs, dir, &log)
			got := search(t, ix, index.Query{Stems: stems(ix, "deployed officers"), Entities: []string{"Kenya"}})
			ix.Close()
			if len(got) == 0 || got[0] != deployed {
				t.Errorf("rebuilt index: best sentence for Kenya deployed officers is %q, want %q", first(got), deployed)
			}
			if w := log.warnings(); len(w) != 1 || !strings.Contains(w[0], "rebuild") {
				t.Errorf("want one warning that the index is rebuilt; log:\n%s", log.String())
			}

			// What was rebuilt is persisted and trusted next time.
			log.Reset()
			ix = open(t, docs, dir, &log)
			defer ix.Close()
			if w := log.warnings(); len(w) > 0 {
				t.Errorf("opening the rebuilt index warned again:\n%s", strings.Join(w, "\n"))
			}
			if got := search(t, ix, index.Query{Stems: stems(ix, "deployed officers"), Entities: []string{"Kenya"}}); first(got) != deployed {
				t.Errorf("reopened rebuilt index: best sentence %q, want %q", first(got), deployed)
			}
		})
	}
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func editMeta(t *testing.T, dir string, edit func(map[string]any)) {
	t.Helper()
	name := filepath.Join(dir, "mssmbot-index.json")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	edit(m)
	if b, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	writeFile(t, name, b)
}

func first(texts []string) string {
	if len(texts) == 0 {
		return ""
	}
	return texts[0]
}

func TestOpenTemporary(t *testing.T) {
	var log logBuffer
	ix := open(t, defaultDocs(t), "", &log)
	if got := search(t, ix, index.Query{Stems: stems(ix, "promised")}); first(got) != deployed {
		t.Errorf("temporary index: best sentence for promised is %q, want %q", first(got), deployed)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	if w := log.warnings(); len(w) > 0 {
		t.Errorf("a temporary index warned:\n%s", strings.Join(w, "\n"))
	}
}

func TestSearch(t *testing.T) {
	var log logBuffer
	ix := open(t, defaultDocs(t), t.TempDir(), &log)
	defer ix.Close()
	kenyan := regexp.MustCompile(`\bKenyan\b`)
	kenya := regexp.MustCompile(`\bKenya\b`)

	tests := []struct {
		name string
		q    index.Query
		// check says what is wrong with the sentences found, or "".
		check func(found []string) string
	}{
		{"synonym: cops finds police officers", index.Query{Stems: stems(ix, "cops")}, func(found []string) string {
			if first(found) != deployed {
				return "best is not the sentence about deployed police officers"
			}
			for _, s := range found {
				if !strings.Contains(s, "police") && !strings.Contains(s, "officers") {
					return "found a sentence without police or officers: " + s
				}
			}
			return ""
		}},
		{"synonyms: cops sent finds police officers deployed", index.Query{Stems: stems(ix, "cops sent")}, func(found []string) string {
			if first(found) != deployed {
				return "best is not the sentence about deployed police officers"
			}
			return ""
		}},
		{"synonym: pledged finds promised", index.Query{Stems: stems(ix, "pledged")}, func(found []string) string {
			if !containsText(found, deployed) {
				return "the sentence with promised is missing"
			}
			return ""
		}},
		{"typo: oficers corrected to officers", index.Query{Stems: []string{ix.Correct(stems(ix, "oficers")[0])}}, func(found []string) string {
			if len(found) < 3 {
				return "fewer than 3 sentences about officers"
			}
			for _, s := range found {
				if !strings.Contains(strings.ToLower(s), "officer") && !strings.Contains(s, "police") {
					return "found a sentence without officers: " + s
				}
			}
			return ""
		}},
		{"demonym: Kenya finds Kenyan", index.Query{Entities: []string{"Kenya"}}, func(found []string) string {
			for _, s := range found {
				if kenyan.MatchString(s) && !kenya.MatchString(s) {
					return ""
				}
			}
			return "no sentence that says only Kenyan"
		}},
		{"demonym: Canada finds Canadian", index.Query{Entities: []string{"Canada"}}, func(found []string) string {
			if len(found) == 0 {
				return "nothing found"
			}
			for _, s := range found {
				if !strings.Contains(s, "Canadian") {
					return "found a sentence without Canadian: " + s
				}
			}
			return ""
		}},
		{"acronym: MSSM finds its definition", index.Query{Entities: []string{"MSSM"}}, func(found []string) string {
			if !strings.Contains(first(found), "Multinational Security Support Mission in Haiti (MSSM)") {
				return "best is not the sentence defining MSSM"
			}
			return ""
		}},
		{"acronym: the expansion finds the acronym", index.Query{Entities: []string{"multinational security support mission"}}, func(found []string) string {
			if !strings.Contains(first(found), "(MSSM)") {
				return "best is not the sentence defining MSSM"
			}
			return ""
		}},
		{"unknown word finds nothing", index.Query{Stems: stems(ix, "zebras")}, func(found []string) string {
			if len(found) > 0 {
				return "found sentences for a word the corpus lacks"
			}
			return ""
		}},
		{"size limits the sentences found", index.Query{Entities: []string{"Kenya"}, Size: 2}, func(found []string) string {
			if len(found) != 2 {
				return "want exactly 2 sentences"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found := search(t, ix, tt.q)
			if msg := tt.check(found); msg != "" {
				t.Errorf("Search(%+v): %s; found:\n%s", tt.q, msg, strings.Join(found, "\n"))
			}
		})
	}
}

func TestCorrect(t *testing.T) {
	var log logBuffer
	ix := open(t, defaultDocs(t), t.TempDir(), &log)
	defer ix.Close()
	tests := []struct {
		typo, want string // words; the test compares their stems
	}{
		{"oficers", "officers"},
		{"deplyed", "deployed"},
		{"Otunje", "Otunge"},
		{"missoin", "mission"}, // a swap is two edits, allowed in long words
		{"Masengel", "Masengeli"},
		{"zebras", ""},
		{"officers", ""}, // known words need no correction
	}
	for _, tt := range tests {
		t.Run(tt.typo, func(t *testing.T) {
			want := ""
			if tt.want != "" {
				want = stems(ix, tt.want)[0]
			}
			if got := ix.Correct(stems(ix, tt.typo)[0]); got != want {
				t.Errorf("Correct(stem of %q) = %q, want %q (stem of %q)", tt.typo, got, want, tt.want)
			}
		})
	}
}

func TestOpenCancelled(t *testing.T) {
	docs := defaultDocs(t)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if ix, err := index.Open(ctx, docs, index.Options{Dir: dir}); err == nil {
		ix.Close()
		t.Fatal("Open with a cancelled context succeeded")
	}
	// The interrupted build is not trusted: the next Open builds again.
	var log logBuffer
	ix := open(t, docs, dir, &log)
	defer ix.Close()
	if got := search(t, ix, index.Query{Stems: stems(ix, "promised")}); first(got) != deployed {
		t.Errorf("after an interrupted build: best sentence for promised is %q, want %q", first(got), deployed)
	}
}
