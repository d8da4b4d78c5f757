package bot

// The answering pipeline, in one place:
//
//	question ─Analyze─▶ Analysis ─Retrieve─▶ []Passage ─Extract─▶ []Candidate ─Score─▶ ranked ─Verify─▶ Answer ─Revise─▶ Answer
//
// analyze (analysis.go) reads the question; retrieve (here) finds the
// passages; extract (extract.go) proposes typed candidates; the Model
// (score.go) scores each from its features; verify (verify.go) is the one
// place that decides to answer or to abstain, and says why; revise
// (revise.go) answers a figure a later document restates with the later one.

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"mssmbot/corpus"
	"mssmbot/index"
)

// Passage is a retrieved sentence with its context and how it matches the question.
type Passage struct {
	ev *evidence
	// Rank is the passage's place in retrieval order (0 is best).
	Rank int
	// Bigram is the share of the question's consecutive content-word pairs
	// that stand together in the sentence.
	Bigram float64
	// Prev is the sentence before it in its document ("" at its start): a
	// year the question names may stand there.
	Prev string
	// PrevTerms are its analyzed terms.
	PrevTerms []index.Term
	info      []tokenInfo
	pc        *passageContext
}

// Sentence is the passage's sentence.
func (p *Passage) Sentence() corpus.Sentence { return p.ev.hit.Sentence }

// Candidate is one possible answer: a span of a passage, or a typed value an
// extractor read from one.
type Candidate struct {
	// Short is the bare answer; Text the reply around it.
	Short, Text string
	// Extractor names the stage that proposed it: "span" or "typed".
	Extractor string
	Passage   *Passage
	// Start and End are the byte offsets of Short in the passage's sentence (-1 when not a span of it).
	Start, End int
	// Score is the model's probability that the candidate answers the question.
	Score float64
	// z is its logit under the bot's model; feats its features, kept only
	// when fitting or explaining.
	z     float64
	feats []feat
	// typed holds what a typed extractor found (its own sources, intent and confidence).
	typed *Answer
}

// byScore orders candidates best first; equal scores keep the order the
// extractors proposed them in (the typed one, then spans by passage, start
// and end), without the cost of a stable sort.
func byScore(x, y *Candidate) int {
	if c := cmp.Compare(y.Score, x.Score); c != 0 {
		return c
	}
	if (x.Extractor == "typed") != (y.Extractor == "typed") {
		if x.Extractor == "typed" {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(rankOf(x), rankOf(y)), cmp.Compare(x.Start, y.Start), cmp.Compare(x.End, y.End))
}

func rankOf(c *Candidate) int {
	if c.Passage == nil {
		return -1
	}
	return c.Passage.Rank
}

// maxPassages is how many retrieved sentences the span extractor reads.
const maxPassages = 4

// retrieve finds the sentences that may answer a, best first.
func (b *Bot) retrieve(ctx context.Context, a *Analysis) ([]*Passage, error) {
	ev, err := b.gather(ctx, a.q, 20)
	if err != nil {
		return nil, err
	}
	a.q.evidence = ev
	ps := make([]*Passage, 0, len(ev))
	bigrams := questionBigrams(a.q)
	for i, e := range ev {
		p := &Passage{ev: e, Rank: i, Bigram: bigramShare(bigrams, e)}
		ps = append(ps, p)
		if i >= maxPassages {
			continue
		}
		s := e.hit.Sentence
		if h, ok := b.ix.Sentence(ctx, s.Doc, s.Pos-1); ok && s.Pos > 0 {
			p.Prev, p.PrevTerms = h.Sentence.Text, h.Terms
		}
	}
	return ps, nil
}

// questionBigrams are the pairs of consecutive content terms of the question.
func questionBigrams(q *question) [][2]int {
	var out [][2]int
	for i := 1; i < len(q.terms); i++ {
		out = append(out, [2]int{i - 1, i})
	}
	return out
}

// bigramShare is the share of the question's bigrams whose two terms match
// within three words of each other, in order.
func bigramShare(bigrams [][2]int, e *evidence) float64 {
	if len(bigrams) == 0 {
		return 0
	}
	n := 0
	for _, bg := range bigrams {
		found := false
		for _, x := range e.matchAt[bg[0]] {
			for _, y := range e.matchAt[bg[1]] {
				if y > x && y-x < 30 {
					found = true
				}
			}
		}
		if found {
			n++
		}
	}
	return float64(n) / float64(len(bigrams))
}

// Decision is what verify decided about a question.
type Decision struct {
	Best *Candidate // nil when there is no candidate at all
	OK   bool
	// Reason says why it abstained ("" when it answers).
	Reason string
}

// candidates runs Analyze, Retrieve, Extract and Score for one question: the
// ranked candidates, best first. Training and explain read them too, with
// keep set to keep the candidates' features.
func (b *Bot) candidates(ctx context.Context, a *Analysis, keep bool) ([]*Passage, []*Candidate, []feat, error) {
	ps, err := b.retrieve(ctx, a)
	if err != nil {
		return nil, nil, nil, err
	}
	cands := b.extract(ctx, a, ps, keep)
	null := b.nullFeatures(a, ps, len(cands) > 0 && cands[0].typed != nil)
	b.model.rank(cands, null)
	if keep {
		slices.SortFunc(cands, byScore)
	} else {
		sortTop(cands, rankedFirst) // verify sorts the rest when it reads past them
	}
	return ps, cands, null, nil
}

// rankedFirst is how many of the best candidates are put in order before
// verify reads them; verify seldom reads further.
const rankedFirst = 16

// sortTop puts the k best of cs, best first, in cs[:k]; the rest follow in no order.
func sortTop(cs []*Candidate, k int) {
	if len(cs) <= k {
		slices.SortFunc(cs, byScore)
		return
	}
	slices.SortFunc(cs[:k], byScore)
	for i := k; i < len(cs); i++ {
		if byScore(cs[i], cs[k-1]) >= 0 {
			continue
		}
		// cs[i] takes its place among the k best; the one it pushes out, its place.
		c, j := cs[i], k-1
		cs[i] = cs[j]
		for j > 0 && byScore(c, cs[j-1]) < 0 {
			cs[j] = cs[j-1]
			j--
		}
		cs[j] = c
	}
}

// answer answers one single (not multi-part) question through the
// pipeline, as a turn after prev (nil for none), and returns the turn the
// conversation keeps: the question's when it is answered, else prev. lead
// reports that text followed an elliptical lead ("and", "what about").
func (b *Bot) answer(ctx context.Context, question, text string, lead bool, prev *Turn) (Answer, *Turn) {
	a := analyze(b, question, text)
	a, follow := b.complete(a, lead, prev)
	a.Follow = follow
	ans := b.answerAnalysis(ctx, a)
	ans.FollowUp = string(a.Follow)
	if !ans.Answered {
		return ans, prev
	}
	return ans, &Turn{a: a, short: ans.Short, intent: ans.Intent}
}

// answerAnalysis runs Retrieve, Extract, Score, Verify and Revise for a.
func (b *Bot) answerAnalysis(ctx context.Context, a *Analysis) Answer {
	question := a.Raw
	ans := Answer{Question: question, Intent: a.Intent, Sources: []Source{}}
	if a.Intent == IntentHelp {
		return b.help(ctx, ans)
	}
	ps, cands, _, err := b.candidates(ctx, a, false)
	if err != nil {
		b.log.Error("search failed", "err", err)
		ans.Text = "Sorry, I couldn't search the sources just now."
		return ans
	}
	d := b.verify(a, ps, cands)
	if !d.OK {
		ans.Reason = d.Reason
		return b.abstain(a.q, ans, a.q.evidence)
	}
	c := d.Best
	ans.Answered = true
	ans.Confidence = round2(c.Score)
	if c.typed != nil {
		ans.Intent = c.typed.Intent
		ans.Text, ans.Short = c.typed.Text, b.shortOf(a, c)
		ans.Sources = append(ans.Sources, c.typed.Sources...)
		return ans
	}
	ans.Short = b.shortOf(a, c)
	ans.Text = around(c.Passage.Sentence().Text, c.Start, c.End, maxText)
	ans.Sources = append(ans.Sources, sourceOf(c.Passage.Sentence()))
	b.revise(a, c, &ans)
	return ans
}

// shortOf is the bare answer c gives: a typed reader's value without its
// leading stop words, a span tightened; a year alone where one is asked for.
func (b *Bot) shortOf(a *Analysis, c *Candidate) string {
	if c.typed != nil {
		return yearOf(a, b.withoutLeadingStops(c.typed.Short))
	}
	return yearOf(a, b.tighten(a, c))
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }

// around is text cut to at most n bytes, keeping [start, end) inside.
func around(text string, start, end, n int) string {
	if len(text) <= n || start < 0 {
		return text
	}
	from := max(0, start-(n-(end-start))/2)
	for from > 0 && !isRuneStart(text[from]) {
		from--
	}
	if i := strings.IndexByte(text[from:], ' '); from > 0 && i >= 0 && from+i < start {
		from += i + 1
	}
	s := text[from:]
	if from > 0 {
		s = "…" + s
	}
	return cut(s, n)
}
