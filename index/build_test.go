package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"mssmbot/corpus"
	"mssmbot/index"
)

// writeCorpus writes files (name -> text) into a new folder.
func writeCorpus(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), []byte(text))
	}
	return dir
}

var buildCorpus = map[string]string{
	"a.md":     "---\ntitle: Alpha\ndate: 2024-08-01\n---\nKenya deployed 400 police officers to Haiti. Jamaica sent 24 soldiers.\n",
	"b/c.md":   "---\ntitle: Gamma\ndate: 2024-09-01\n---\n# Funding\n\nThe mission received $369 million. Godfrey Otunge leads the mission.\n",
	"empty.md": "---\ntitle: Nothing yet\n---\n",
}

// TestBuildMatchesOpen checks that an index built file by file holds what
// one built from the loaded corpus holds: the same hash (so serve reuses
// it), counts, summaries and search results, and skips an empty file.
func TestBuildMatchesOpen(t *testing.T) {
	dir := writeCorpus(t, buildCorpus)
	files, err := corpus.Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, shards := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d shards", shards), func(t *testing.T) { testBuildMatchesOpen(t, dir, files, shards) })
	}
}

func testBuildMatchesOpen(t *testing.T, dir string, files []corpus.File, shards int) {
	var log logBuffer
	ixDir := filepath.Join(t.TempDir(), "ix")
	m, err := corpus.ScanDirs([]string{dir}, false)
	if err != nil {
		t.Fatal(err)
	}
	built, err := index.Build(context.Background(), files, index.Options{Dir: ixDir, Logger: log.logger(), Shards: shards, Manifest: &m})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	defer built.Close()
	if got, _ := filepath.Glob(filepath.Join(ixDir, "bleve*")); len(got) != shards {
		t.Errorf("shard folders %q, want %d", got, shards)
	}
	if w := log.warnings(); len(w) != 1 || !strings.Contains(w[0], "empty.md") {
		t.Errorf("warnings %q, want one naming empty.md", w)
	}
	docs, err := corpus.LoadDirs([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	opened := open(t, docs, t.TempDir(), &logBuffer{})
	defer opened.Close()
	if built.Hash() != opened.Hash() || built.Hash() != corpus.Hash(docs) {
		t.Errorf("hash %s, Open's %s", built.Hash(), opened.Hash())
	}
	if built.Sentences() != opened.Sentences() || built.Documents() != 2 || opened.Documents() != 2 {
		t.Errorf("built %d sentences of %d documents, Open %d of %d", built.Sentences(), built.Documents(), opened.Sentences(), opened.Documents())
	}
	if !reflect.DeepEqual(built.Summaries(), opened.Summaries()) {
		t.Errorf("summaries\n%+v\nwant\n%+v", built.Summaries(), opened.Summaries())
	}
	if !reflect.DeepEqual(built.People(), opened.People()) {
		t.Errorf("people %q, want %q", built.People(), opened.People())
	}
	// Shards score with their own statistics: the same sentences are
	// found, not always in the same order.
	for _, q := range []string{"police officers deployed", "mission funding million", "who leads the mission"} {
		b, o := search(t, built, index.Query{Stems: stems(built, q)}), search(t, opened, index.Query{Stems: stems(opened, q)})
		sort.Strings(b)
		sort.Strings(o)
		if len(b) == 0 || !reflect.DeepEqual(b, o) {
			t.Errorf("search %q: built %q, Open %q", q, b, o)
		}
	}
	if got := built.Correct("misssion"); got != "mission" {
		t.Errorf("Correct(misssion) = %q, want mission", got)
	}
	if built.IDF("mission") != opened.IDF("mission") || built.IDF("mission") == 0 {
		t.Errorf("IDF(mission) %v, Open's %v", built.IDF("mission"), opened.IDF("mission"))
	}
	// Reopened from its folder, as serve does.
	built.Close()
	again, why := index.Reopen(ixDir, m, index.Options{})
	if again == nil {
		t.Fatalf("Reopen: %s", why)
	}
	defer again.Close()
	if again.Sentences() != opened.Sentences() || len(search(t, again, index.Query{Stems: stems(again, "police")})) == 0 {
		t.Errorf("reopened: %d sentences, want %d, or nothing found", again.Sentences(), opened.Sentences())
	}
}

// TestBuildKeepsIndexOnBadFile checks that a bad file stops the build with
// its name and line, and leaves the index already there whole.
func TestBuildKeepsIndexOnBadFile(t *testing.T) {
	dir := writeCorpus(t, buildCorpus)
	ixDir := filepath.Join(t.TempDir(), "ix")
	files, err := corpus.Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Build(context.Background(), files, index.Options{Dir: ixDir})
	if err != nil {
		t.Fatal(err)
	}
	want := ix.Sentences()
	ix.Close()
	before := snapshot(t, ixDir)

	writeFile(t, filepath.Join(dir, "zz-bad.md"), []byte("---\ntitle: never closed\n"))
	files, err = corpus.Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	_, err = index.Build(context.Background(), files, index.Options{Dir: ixDir})
	if err == nil || !strings.Contains(err.Error(), "zz-bad.md:1") {
		t.Fatalf("Build with a bad file: %v, want an error naming zz-bad.md:1", err)
	}
	if after := snapshot(t, ixDir); !reflect.DeepEqual(before, after) {
		t.Errorf("the index folder changed after a failed build")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(ixDir), ".ix.build-*")); len(left) > 0 {
		t.Errorf("a failed build left %q", left)
	}
	// The old index still opens, as the index of its corpus.
	os.Remove(filepath.Join(dir, "zz-bad.md"))
	docs, err := corpus.LoadDirs([]string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var log logBuffer
	again := open(t, docs, ixDir, &log)
	defer again.Close()
	if again.Sentences() != want || len(log.warnings()) > 0 {
		t.Errorf("reopened %d sentences (want %d), warnings %q", again.Sentences(), want, log.warnings())
	}
}

func TestBuildEmptyCorpus(t *testing.T) {
	dir := writeCorpus(t, map[string]string{"empty.md": "---\ntitle: Nothing\n---\n"})
	files, err := corpus.Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := index.Build(context.Background(), files, index.Options{Dir: filepath.Join(t.TempDir(), "ix")}); err == nil || !strings.Contains(err.Error(), "no text") {
		t.Errorf("Build of empty files: %v, want a no-text error", err)
	}
}

// TestBuildRefusesForeignFolder: a folder holding other files is not
// replaced by an index (they would be lost).
func TestBuildRefusesForeignFolder(t *testing.T) {
	dir := writeCorpus(t, buildCorpus)
	files, err := corpus.Files([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	ixDir := t.TempDir()
	writeFile(t, filepath.Join(ixDir, "notes.txt"), []byte("keep me"))
	if _, err := index.Build(context.Background(), files, index.Options{Dir: ixDir}); err == nil || !strings.Contains(err.Error(), "notes.txt") {
		t.Fatalf("Build into a folder with other files: %v, want an error naming notes.txt", err)
	}
	if b, err := os.ReadFile(filepath.Join(ixDir, "notes.txt")); err != nil || string(b) != "keep me" {
		t.Errorf("notes.txt after the refused build: %q, %v", b, err)
	}
}
