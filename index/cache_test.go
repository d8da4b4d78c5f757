package index

import (
	"context"
	"testing"

	"mssmbot/corpus"
)

func TestHitCache(t *testing.T) {
	c := newHitCache(2)
	c.put("a#0", Hit{Score: 1})
	c.putAbsent("a#9")
	tests := []struct {
		name         string
		id           string
		found, known bool
	}{
		{"a sentence kept", "a#0", true, true},
		{"a sentence the index lacks", "a#9", false, true},
		{"an id never looked for", "b#0", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, found, known := c.get(tt.id); found != tt.found || known != tt.known {
				t.Errorf("get(%s) = found %v known %v, want %v %v", tt.id, found, known, tt.found, tt.known)
			}
		})
	}
	c.put("c#0", Hit{})
	c.put("d#0", Hit{}) // over the bound: the least recently used goes
	if _, _, known := c.get("a#0"); known {
		t.Error("a#0 kept beyond the bound")
	}
}

// TestSentenceBeyondDocument: a neighbour past a document's end is not
// found, and not found again from the cache.
func TestSentenceBeyondDocument(t *testing.T) {
	docs, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(context.Background(), docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	d := docs[0]
	for range 2 {
		if _, ok := ix.Sentence(context.Background(), d.ID, len(d.Sentences)); ok {
			t.Fatalf("found sentence %d of %s, which has %d", len(d.Sentences), d.ID, len(d.Sentences))
		}
	}
	if _, found, known := ix.cache.get(sentenceID(d.ID, len(d.Sentences))); found || !known {
		t.Errorf("the missing sentence is not cached as absent (found %v, known %v)", found, known)
	}
	if h, ok := ix.Sentence(context.Background(), d.ID, 0); !ok || h.Sentence.Text == "" {
		t.Error("the first sentence is not found")
	}
}
