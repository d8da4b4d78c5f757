package index_test

import (
	"context"
	"testing"

	"mssmbot/index"
)

// BenchmarkBuildEmbedded builds the index of the embedded corpus from
// scratch (annotation included) in a new folder each time.
func BenchmarkBuildEmbedded(b *testing.B) {
	docs := defaultDocs(b)
	ctx := context.Background()
	for b.Loop() {
		ix, err := index.Open(ctx, docs, index.Options{Dir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

// BenchmarkReopenEmbedded opens the persisted index of the embedded corpus.
func BenchmarkReopenEmbedded(b *testing.B) {
	docs := defaultDocs(b)
	ctx := context.Background()
	dir := b.TempDir()
	ix, err := index.Open(ctx, docs, index.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	ix.Close()
	for b.Loop() {
		ix, err := index.Open(ctx, docs, index.Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

// BenchmarkSearchEmbedded runs the kind of query the bot sends: stems and
// entities, stored fields and annotations loaded for each hit.
func BenchmarkSearchEmbedded(b *testing.B) {
	var log logBuffer
	ix := open(b, defaultDocs(b), b.TempDir(), &log)
	defer ix.Close()
	q := index.Query{Stems: stems(ix, "how many officers deployed"), Entities: []string{"Kenya"}, Size: 20}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if hits, err := ix.Search(ctx, q); err != nil || len(hits) == 0 {
			b.Fatalf("search: %d hits, %v", len(hits), err)
		}
	}
}

// BenchmarkMatchQueryEmbedded is the reference for BenchmarkSearchEmbedded:
// one bleve match query for the question text.
func BenchmarkMatchQueryEmbedded(b *testing.B) {
	var log logBuffer
	ix := open(b, defaultDocs(b), b.TempDir(), &log)
	defer ix.Close()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if n, err := ix.MatchQuery(ctx, "How many Kenyan officers are deployed?", 10); err != nil || n == 0 {
			b.Fatalf("match: %d hits, %v", n, err)
		}
	}
}
