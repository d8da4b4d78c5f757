// Package index stores the corpus sentences in a bleve full-text index and
// searches them.
package index

import (
	"context"
	"log/slog"

	"mssmbot/corpus"
)

// Index is a searchable corpus. STUB: replaced by the bleve index.
type Index struct {
	docs []corpus.Document
}

// Options configure Open.
type Options struct {
	// Dir persists the index; empty means a temporary index.
	Dir    string
	Logger *slog.Logger
}

// Open builds (or reuses, when Dir holds an index of the same corpus) the index of docs.
func Open(ctx context.Context, docs []corpus.Document, opt Options) (*Index, error) {
	return &Index{docs: docs}, nil
}

// Documents returns the indexed documents.
func (ix *Index) Documents() []corpus.Document { return ix.docs }

// Close releases the index (and removes a temporary one).
func (ix *Index) Close() error { return nil }
