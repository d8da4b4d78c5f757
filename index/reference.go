package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// MatchQuery runs the plainest search there is — one bleve match query for
// text against the sentence text, loading no stored fields — and returns how
// many sentences matched. Benchmarks use it as the reference cost of a
// question.
func (ix *Index) MatchQuery(ctx context.Context, text string, size int) (int, error) {
	mq := bleve.NewMatchQuery(text)
	mq.SetField(fieldText)
	res, err := ix.bi.SearchInContext(ctx, bleve.NewSearchRequestOptions(mq, size, 0, false))
	if err != nil {
		return 0, fmt.Errorf("index: match %q: %w", text, err)
	}
	return int(res.Total), nil
}
