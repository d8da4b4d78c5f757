package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Explanation shows how the pipeline reached its decision on one question:
// what Analyze read, the passages Retrieve found, the best candidates with
// the features that weighed most, and what Verify decided.
type Explanation struct {
	Question string
	Wh       string
	Focus    string
	Intent   string
	// Passages are the retrieved sentences, best first.
	Passages []string
	// Candidates are the best-scored candidates, best first.
	Candidates []ExplainedCandidate
	// Null is the logit of abstaining; Threshold the least score answered.
	Null, Threshold float64
	Decision        string
}

// ExplainedCandidate is one candidate and its heaviest features.
type ExplainedCandidate struct {
	Short     string
	Extractor string
	Passage   int // the rank of its passage (-1 without one)
	Score     float64
	// Features are "name=value×weight" of the features with the largest
	// contributions, largest first.
	Features []string
}

// Explain runs question through the pipeline and reports its n best candidates.
func (b *Bot) Explain(ctx context.Context, question string, n int) Explanation {
	q := chatText(strings.TrimSpace(question))
	x := Explanation{Question: question, Threshold: b.model.threshold}
	if q == "" || isSmallTalk(q) {
		x.Decision = "small talk or empty: not searched"
		return x
	}
	parts := splitMulti(normalize(q))
	if len(parts) != 1 {
		x.Decision = fmt.Sprintf("a multi-part question: %d parts, each answered alone", len(parts))
		return x
	}
	a := analyze(b, question, parts[0])
	x.Wh, x.Focus, x.Intent = a.Wh.String(), a.Focus, a.Intent
	ps, cands, null, err := b.candidates(ctx, a, true)
	if err != nil {
		x.Decision = "search failed: " + err.Error()
		return x
	}
	for _, p := range ps {
		x.Passages = append(x.Passages, p.Sentence().Text)
	}
	x.Null = b.model.logit(null)
	for _, c := range cands[:min(n, len(cands))] {
		ec := ExplainedCandidate{Short: c.Short, Extractor: c.Extractor, Passage: -1, Score: c.Score}
		if c.Passage != nil {
			ec.Passage = c.Passage.Rank
		}
		ec.Features = b.heaviest(c.feats, 8)
		x.Candidates = append(x.Candidates, ec)
	}
	d := b.verify(a, ps, cands)
	switch {
	case d.OK:
		x.Decision = fmt.Sprintf("answered %q (score %.3f)", d.Best.Short, d.Best.Score)
	default:
		x.Decision = "abstained: " + d.Reason
	}
	return x
}

// heaviest names the k features of fs whose contributions weigh most.
func (b *Bot) heaviest(fs []feat, k int) []string {
	type contrib struct {
		name string
		v, c float64
	}
	cs := make([]contrib, 0, len(fs))
	for _, f := range fs {
		c := b.model.w[f.i] * f.v
		if c == 0 {
			continue
		}
		name := b.space.name(f.i)
		if name == "" {
			name = fmt.Sprintf("lex#%d", f.i-b.space.lexAt)
		}
		cs = append(cs, contrib{name, f.v, c})
	}
	sort.SliceStable(cs, func(i, j int) bool { return abs(cs[i].c) > abs(cs[j].c) })
	out := make([]string, 0, k)
	for _, c := range cs[:min(k, len(cs))] {
		out = append(out, fmt.Sprintf("%s=%.2g→%+.2f", c.name, c.v, c.c))
	}
	return out
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// String renders the explanation for a terminal.
func (x Explanation) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "question: %s\nanalysis: wh=%s focus=%q intent=%s\n", x.Question, x.Wh, x.Focus, x.Intent)
	for i, p := range x.Passages {
		if i >= maxPassages {
			break
		}
		fmt.Fprintf(&sb, "passage %d: %s\n", i, p)
	}
	fmt.Fprintf(&sb, "abstain logit %.2f, threshold %.3f\n", x.Null, x.Threshold)
	for _, c := range x.Candidates {
		fmt.Fprintf(&sb, "  %.3f %-5s p%-2d %q\n        %s\n", c.Score, c.Extractor, c.Passage, c.Short, strings.Join(c.Features, " "))
	}
	fmt.Fprintf(&sb, "decision: %s\n", x.Decision)
	return sb.String()
}
