package bot

// Fitting the scorer: questions are run through the pipeline up to their
// candidates, each candidate is labelled by how well it answers, and a
// logistic model is fitted over the features; the threshold is then chosen
// to maximize the mean reward (an answer scores its label, an abstention
// scores 1 on a question the sources do not answer and 0 otherwise).

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// Example is one training question.
type Example struct {
	Bot      *Bot
	Question string
	// Label rates a reply in [0, 1]: how well short (the bare answer) and
	// text (the reply) answer the question.
	Label func(short, text string) float64
	// Answerable is false when the sources do not answer it; AbstainOK when
	// abstaining is also right (a vague question).
	Answerable, AbstainOK bool
	// Group names the set it belongs to, for the report.
	Group  string
	Weight float64
	// Names, when set, records the names of the lexical features (for Fit).
	Names *NameTable
	// Overlap says Label rates only the words short shares with the gold
	// (token F1): a candidate sharing none rates 0 however it is tightened,
	// so only those that share some are tightened to be labelled.
	Overlap bool
}

// Sample is an Example run through the pipeline up to its candidates.
type Sample struct {
	Group                 string
	Answerable, AbstainOK bool
	Weight                float64
	cands                 []sampleCand
	null                  []feat
}

type sampleCand struct {
	feats []feat
	label float64
	// ok: verify's constraints hold for it (everything but the score).
	ok bool
	// rank is its passage's rank (-1 without one).
	rank  int
	typed bool
}

// maxTrainCands keeps training fast: the candidates of a question beyond
// this many (in extraction order) are dropped.
const maxTrainCands = 1500

// Featurize runs ex through Analyze, Retrieve and Extract.
func Featurize(ctx context.Context, ex Example) (s Sample) {
	s = Sample{Group: ex.Group, Answerable: ex.Answerable, AbstainOK: ex.AbstainOK, Weight: ex.Weight}
	if s.Weight == 0 {
		s.Weight = 1
	}
	b := ex.Bot
	b.space.rec = ex.Names
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("featurize panicked", "question", ex.Question, "panic", r)
		}
	}()
	q := chatText(strings.TrimSpace(ex.Question))
	if q == "" || isSmallTalk(q) {
		return s
	}
	parts := splitMulti(normalize(q))
	if len(parts) != 1 {
		return s // multi-part questions are composed, not scored whole
	}
	a := analyze(b, ex.Question, parts[0])
	if a.Intent == IntentHelp {
		return s
	}
	_, cands, null, err := b.candidates(ctx, a, true)
	if err != nil {
		return s
	}
	s.null = null
	for i, c := range cands {
		if i >= maxTrainCands {
			break
		}
		text := c.Text
		if c.typed == nil {
			text = around(c.Passage.Sentence().Text, c.Start, c.End, maxText)
		}
		// A candidate is labelled by the answer it would give: its short
		// answer as the reply says it (tightened), not the span as found.
		label := 0.0
		if ex.Answerable && ex.Label != nil {
			if !ex.Overlap || ex.Label(c.Short, text) > 0 {
				label = ex.Label(b.shortOf(a, c), text)
			}
		}
		ok, _ := b.constraintsHold(a, c)
		rank := -1
		if c.Passage != nil {
			rank = c.Passage.Rank
		}
		s.cands = append(s.cands, sampleCand{feats: c.feats, label: label, ok: ok, rank: rank, typed: c.typed != nil})
	}
	return s
}

// TrainOptions tune the fit.
type TrainOptions struct {
	Epochs int     // passes over the data (default 12)
	L2     float64 // weight decay (default 1e-5)
	Rate   float64 // AdaGrad learning rate (default 0.1)
	// MinCount drops the lexical features met in fewer questions than this
	// (default 100): rarer ones only learn their questions by heart.
	MinCount int
	// Prior, when set, are weights the fit starts from and is drawn back
	// to (L2 pulls each weight toward its prior value, not toward 0): a
	// refit that keeps what the prior learned where the data does not
	// say otherwise.
	Prior *Weights
	// Freeze, with Prior, keeps every weight the prior holds as it is and
	// fits only the features it does not weigh (features added since), and
	// the threshold: a new feature learns what it adds to a fitted model
	// without moving the rest.
	Freeze bool
	// Only, with Freeze, narrows the features fitted to those whose names
	// begin with one of these prefixes ("class_", "fclass:"): the new
	// features of one change, fitted alone.
	Only []string
	// Without leaves out of the fit the features whose names begin with one
	// of these prefixes (they keep the prior's weight, else 0): an
	// ablation, to measure what a family of features adds.
	Without []string
	// MinNoAns, when set, picks the threshold by the answering issue's
	// target instead of the best mean reward: the lowest threshold at which
	// the share of unanswerable questions abstained on is still at least
	// MinNoAns — answering as many answerable ones as that allows.
	MinNoAns float64
	// Average, when set, are stored weights the fit is averaged with once
	// done: AverageShare (default 0.5) of each fitted weight and the rest
	// of the stored one, before the threshold is picked. A fresh fit and
	// the model it replaces, each right where the other is wrong, agree
	// where both are right.
	Average      *Weights
	AverageShare float64
	// Power sharpens the target: a candidate's share of it is its label to
	// this power (default 2), so the higher, the more an exact answer
	// counts against the partial ones around it.
	Power float64
	// Names holds the names of the lexical features met while featurizing
	// (Example.Names); without it their weights are not stored.
	Names *NameTable
}

// Fit fits the model's weights and threshold on samples; it is deterministic.
func (b *Bot) Fit(samples []Sample, opt TrainOptions, fitted string) Weights {
	if opt.Epochs == 0 {
		opt.Epochs = 12
	}
	if opt.L2 == 0 {
		opt.L2 = 1e-5
	}
	if opt.Rate == 0 {
		opt.Rate = 0.1
	}
	if opt.MinCount == 0 {
		opt.MinCount = 100
	}
	if opt.Power == 0 {
		opt.Power = 2
	}
	if opt.AverageShare == 0 {
		opt.AverageShare = 0.5
	}
	n := b.space.size
	w := make([]float64, n)
	prior := make([]float64, n)
	if opt.Prior != nil {
		prior = modelOf(b.space, *opt.Prior).w // laid out as the bot lays out its own weights
		copy(w, prior)
	}
	// Lexical features met in too few questions are left out.
	keep := make([]bool, n)
	for i := range b.space.lexAt {
		keep[i] = true
	}
	count := make([]int32, n)
	seen := make([]int, n)
	for si, s := range samples {
		mark := func(fs []feat) {
			for _, f := range fs {
				if seen[f.i] != si+1 {
					seen[f.i] = si + 1
					count[f.i]++
				}
			}
		}
		for _, c := range s.cands {
			mark(c.feats)
		}
		mark(s.null)
	}
	for i := b.space.lexAt; i < n; i++ {
		keep[i] = int(count[i]) >= opt.MinCount
	}
	if opt.Freeze && opt.Prior != nil {
		for i := range keep {
			if prior[i] != 0 {
				keep[i] = false
			}
		}
	}
	named := func(i int) string {
		if i < b.space.lexAt {
			return b.space.names[i]
		}
		n, _ := opt.Names.name(i)
		return n
	}
	has := func(prefixes []string, i int) bool {
		return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(named(i), p) })
	}
	for i := range keep {
		if keep[i] && (opt.Freeze && len(opt.Only) > 0 && !has(opt.Only, i) || len(opt.Without) > 0 && has(opt.Without, i)) {
			keep[i] = false
		}
	}
	g2 := make([]float64, n)
	for i := range g2 {
		g2[i] = 1e-8
	}
	update := func(fs []feat, grad float64) {
		for _, f := range fs {
			if !keep[f.i] {
				continue
			}
			gi := grad*f.v + opt.L2*(w[f.i]-prior[f.i])
			g2[f.i] += gi * gi
			w[f.i] -= opt.Rate * gi / math.Sqrt(g2[f.i])
		}
	}
	logit := func(fs []feat) float64 {
		z := 0.0
		for _, f := range fs {
			z += w[f.i] * f.v
		}
		return z
	}
	for ep := 0; ep < opt.Epochs; ep++ {
		for _, s := range samples {
			if s.null == nil {
				continue
			}
			// The target: the candidates in proportion to their label
			// squared (an exact answer counts most), or abstaining when
			// none answers.
			ts := make([]float64, len(s.cands)+1)
			sum := 0.0
			for k, c := range s.cands {
				ts[k] = math.Pow(c.label, opt.Power)
				sum += ts[k]
			}
			if sum == 0 || s.AbstainOK {
				ts[len(s.cands)] = 1
				sum++
			}
			zs := make([]float64, len(s.cands)+1)
			for k, c := range s.cands {
				zs[k] = logit(c.feats)
			}
			zs[len(s.cands)] = logit(s.null)
			ps := softmax(zs)
			for k, c := range s.cands {
				if g := ps[k] - ts[k]/sum; g > 1e-6 || g < -1e-6 {
					update(c.feats, g*s.Weight)
				}
			}
			update(s.null, (ps[len(s.cands)]-ts[len(s.cands)]/sum)*s.Weight)
		}
	}
	// Averaged with a stored model: a share of the fresh fit, the rest of
	// the stored weights.
	if opt.Average != nil {
		avg := modelOf(b.space, *opt.Average).w
		for i := range w {
			w[i] = opt.AverageShare*w[i] + (1-opt.AverageShare)*avg[i]
		}
	}
	m := &Model{w: w}
	m.threshold, _ = bestThreshold(m, samples)
	if opt.MinNoAns > 0 {
		m.threshold = noAnsThreshold(m, samples, opt.MinNoAns)
	}
	b.space.rec = opt.Names
	defer func() { b.space.rec = nil }()
	return weightsOf(b.space, w, m.threshold, fitted)
}

// bestThreshold picks the threshold with the highest mean reward.
func bestThreshold(m *Model, samples []Sample) (float64, float64) {
	type pt struct{ score, gain float64 } // answering instead of abstaining gains gain
	var pts []pt
	base := 0.0
	total := 0.0
	for _, s := range samples {
		top, label, ok := m.top(s)
		abst := 0.0
		if !s.Answerable || s.AbstainOK {
			abst = 1
		}
		base += s.Weight * abst
		total += s.Weight
		if ok {
			pts = append(pts, pt{top, s.Weight * (label - abst)})
		}
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].score > pts[j].score })
	best, bestT, acc := base, 1.0, base
	for i, p := range pts {
		acc += p.gain
		if i+1 < len(pts) && pts[i+1].score == p.score {
			continue
		}
		if acc > best {
			best, bestT = acc, p.score
		}
	}
	if total == 0 {
		return bestT, 0
	}
	return bestT, best / total
}

// noAnsThreshold is the lowest threshold at which the share of the
// unanswerable samples abstained on (each counted once, whatever its
// weight) is at least minNoAns.
func noAnsThreshold(m *Model, samples []Sample, minNoAns float64) float64 {
	at := map[float64]float64{} // how many unanswerable samples are answered at each score
	total := 0.0
	for _, s := range samples {
		if s.Answerable {
			continue
		}
		total++
		if top, _, ok := m.top(s); ok {
			at[top]++
		}
	}
	scores := make([]float64, 0, len(at))
	for sc := range at {
		scores = append(scores, sc)
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(scores)))
	// Lowering the threshold past a score answers the unanswerable samples
	// at it; stop just above the first that takes the share abstained
	// below minNoAns.
	answered := 0.0
	for _, sc := range scores {
		if 1-(answered+at[sc])/total < minNoAns {
			return math.Nextafter(sc, math.Inf(1))
		}
		answered += at[sc]
	}
	return 0
}

// top is a sample's best candidate under m: its score and label, and
// whether verify's constraints hold for it.
func (m *Model) top(s Sample) (float64, float64, bool) {
	score, label, _, ok := m.topAt(s)
	return score, label, ok
}

// topAt is top with the best candidate's index.
func (m *Model) topAt(s Sample) (float64, float64, int, bool) {
	if len(s.cands) == 0 {
		return 0, 0, -1, false
	}
	zs := make([]float64, len(s.cands)+1)
	for k, c := range s.cands {
		zs[k] = m.logit(c.feats)
	}
	zs[len(s.cands)] = m.logit(s.null)
	ps := softmax(zs)
	best, label, at := -1.0, 0.0, -1
	for k, c := range s.cands {
		if c.ok && ps[k] > best {
			best, label, at = ps[k], c.label, k
		}
	}
	if best < 0 {
		return 0, 0, -1, false
	}
	return best / (best + ps[len(s.cands)]), label, at, true
}

// Report is how a model does on a group of samples.
type Report struct {
	Group string
	// N answerable and NoAns unanswerable questions.
	N, NoAns int
	// F1 is the mean label on answerable questions (0 when abstained);
	// Answered the share of them answered; NoAnsAbstained the share of the
	// unanswerable ones abstained on.
	F1, Answered, NoAnsAbstained float64
	// TopF1 is the mean label of the best candidate, answering every answerable question.
	TopF1 float64
	// OracleF1 is the mean of the best label among all candidates: the most any ranking could get.
	OracleF1 float64
	// Passage is the share of answerable questions whose best candidate
	// comes from the passage of the best-labelled candidate.
	Passage float64
	// Typed is the share of answerable questions whose best candidate is
	// the typed reader's, TypedF1 their mean label.
	Typed, TypedF1 float64
}

func (r Report) String() string {
	return fmt.Sprintf("%-14s answerable %5d F1 %5.1f answered %5.1f%% (best candidate F1 %5.1f, its passage right %5.1f%%, typed %4.1f%% F1 %5.1f, oracle %5.1f)  unanswerable %5d abstained %5.1f%%",
		r.Group, r.N, 100*r.F1, 100*r.Answered, 100*r.TopF1, 100*r.Passage, 100*r.Typed, 100*r.TypedF1, 100*r.OracleF1, r.NoAns, 100*r.NoAnsAbstained)
}

// Pool is the reports of disjoint groups as one report: each figure the
// mean over all their questions.
func Pool(group string, rs []Report) Report {
	out := Report{Group: group}
	typed := 0.0
	for _, r := range rs {
		n, na := float64(r.N), float64(r.NoAns)
		out.N += r.N
		out.NoAns += r.NoAns
		out.F1 += r.F1 * n
		out.TopF1 += r.TopF1 * n
		out.OracleF1 += r.OracleF1 * n
		out.Answered += r.Answered * n
		out.Passage += r.Passage * n
		out.Typed += r.Typed * n
		out.TypedF1 += r.TypedF1 * r.Typed * n
		typed += r.Typed * n
		out.NoAnsAbstained += r.NoAnsAbstained * na
	}
	if n := float64(out.N); n > 0 {
		out.F1 /= n
		out.TopF1 /= n
		out.OracleF1 /= n
		out.Answered /= n
		out.Passage /= n
		out.Typed /= n
	}
	if typed > 0 {
		out.TypedF1 /= typed
	}
	if out.NoAns > 0 {
		out.NoAnsAbstained /= float64(out.NoAns)
	}
	return out
}

// Evaluate reports ws on samples, by group.
func (b *Bot) Evaluate(samples []Sample, ws Weights) []Report {
	m := modelOf(b.space, ws)
	by := map[string]*Report{}
	var order []string
	for _, s := range samples {
		r := by[s.Group]
		if r == nil {
			r = &Report{Group: s.Group}
			by[s.Group] = r
			order = append(order, s.Group)
		}
		top, label, at, ok := m.topAt(s)
		answered := ok && top >= m.threshold
		if s.Answerable {
			r.N++
			r.TopF1 += label
			or, orAt := 0.0, -1
			for k, c := range s.cands {
				if c.label > or {
					or, orAt = c.label, k
				}
			}
			r.OracleF1 += or
			if at >= 0 && orAt >= 0 && s.cands[at].rank == s.cands[orAt].rank {
				r.Passage++
			}
			if at >= 0 && s.cands[at].typed {
				r.Typed++
				r.TypedF1 += label
			}
			if answered {
				r.Answered++
				r.F1 += label
			}
		} else {
			r.NoAns++
			if !answered {
				r.NoAnsAbstained++
			}
		}
	}
	out := make([]Report, 0, len(order))
	for _, g := range order {
		r := by[g]
		if r.N > 0 {
			r.F1 /= float64(r.N)
			r.TopF1 /= float64(r.N)
			r.OracleF1 /= float64(r.N)
			r.Answered /= float64(r.N)
			r.Passage /= float64(r.N)
			if r.Typed > 0 {
				r.TypedF1 /= r.Typed
			}
			r.Typed /= float64(r.N)
		}
		if r.NoAns > 0 {
			r.NoAnsAbstained /= float64(r.NoAns)
		}
		out = append(out, *r)
	}
	return out
}
