// Package bottest builds a real Bot over the embedded corpus for tests of the
// packages that use one.
package bottest

import (
	"context"
	"testing"

	"mssmbot/bot"
	"mssmbot/corpus"
	"mssmbot/index"
)

// New returns a Bot answering from the embedded default corpus, indexed in a
// temporary folder that is removed when the test ends.
func New(tb testing.TB) *bot.Bot {
	tb.Helper()
	docs, err := corpus.Default()
	if err != nil {
		tb.Fatalf("bottest: load default corpus: %v", err)
	}
	ix, err := index.Open(context.Background(), docs, index.Options{Dir: tb.TempDir()})
	if err != nil {
		tb.Fatalf("bottest: open index: %v", err)
	}
	tb.Cleanup(func() { ix.Close() })
	return bot.New(ix, nil)
}
