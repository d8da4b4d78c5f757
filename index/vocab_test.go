package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"mssmbot/corpus"
)

// TestVocabCountsAcrossSegments checks the sentence counts of terms on an
// index of several merged segments (bleve writes one per 5,000 sentences),
// where the term dictionary's own counts go wrong after one-hit terms.
func TestVocabCountsAcrossSegments(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 12,000-sentence index")
	}
	const docs, per = 120, 100
	var all []corpus.Document
	for d := range docs {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Report %d\ndate: 2024-01-01\n---\n", d)
		for s := range per {
			n := d*per + s
			// "zebra" in every sentence, "walrus" in every third, and a word of its own in each.
			fmt.Fprintf(&b, "The zebra met kx%sq.", wordOf(n))
			if n%3 == 0 {
				b.WriteString(" A walrus swam.")
			}
			b.WriteString("\n\n")
		}
		doc, err := corpus.Parse(fmt.Sprintf("r%03d.md", d), []byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, doc)
	}
	ix, err := Open(context.Background(), all, Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// Merge its segments into one, as bleve's merger does over time.
	adv, err := ix.bi.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	if err := adv.(*scorch.Scorch).ForceMerge(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(ix.dir, vocabFile))
	if err := ix.loadVocab(); err != nil {
		t.Fatal(err)
	}
	if got, want := ix.DocFreq("zebra"), docs*per; got != want {
		t.Errorf("zebra in %d sentences, want %d", got, want)
	}
	if got, want := ix.DocFreq("walru"), docs*per/3; got != want {
		t.Errorf("walrus in %d sentences, want %d", got, want)
	}
}

// wordOf spells n in letters, so that it stays one word.
func wordOf(n int) string {
	var b []byte
	for {
		b = append(b, byte('a'+n%26))
		n /= 26
		if n == 0 {
			return string(b)
		}
	}
}

// TestTermCountsConcurrent: terms counted on first use, from many
// goroutines at once, agree (run with -race).
func TestTermCountsConcurrent(t *testing.T) {
	calls := 0
	var mu sync.Mutex
	tc := &termCounts{m: map[string]int{"a": uncounted, "b": 7}, count: func(term string) (int, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		return 3, nil
	}}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got := tc.get("a"); got != 3 {
				t.Errorf("get(a) = %d, want 3", got)
			}
			if got := tc.get("b"); got != 7 {
				t.Errorf("get(b) = %d, want 7", got)
			}
			if got := tc.get("zz"); got != 0 {
				t.Errorf("get(zz) = %d, want 0", got)
			}
		})
	}
	wg.Wait()
	if tc.get("a") != 3 || calls == 0 || calls > 8 {
		t.Errorf("counted %d times", calls)
	}
}
