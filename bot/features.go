package bot

// The features of a candidate: what the one scorer (score.go) weighs. Each
// feature has a name; the weights file maps names to weights, so a feature
// added here starts at weight 0 until the model is refitted.

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"

	"mssmbot/corpus"
	"mssmbot/index"
)

// feat is one non-zero feature of a candidate.
type feat struct {
	i int
	v float64
}

// Dense features, one each.
const (
	fBias = iota
	fSpan
	fTyped
	fTypedConf
	fTypedNoPassage
	fTypedLong
	fCov
	fCovTop
	fCovGap
	fBigram
	fKeysMissing
	fMatchedLog
	fQMissing
	fRank0
	fRank1
	fRank2
	fRank3
	fLen1
	fLen2
	fLen3
	fLen4
	fLen5
	fLen6
	fInQ
	fStartStop
	fComma
	fAnd
	fCapShare
	fDigit
	fYear
	fDateAnn
	fQtyAnn
	fMoneyAnn
	fPctAnn
	fPersonAnn
	fPlaceAnn
	fAnnExact
	fDistMin
	fDistAvg
	fLeftMatched
	fRightMatched
	fNearMatched
	fBefore
	fAfter
	fBetween
	fFocusIn
	fFocusNext
	fFocusPrev
	fAgreeTyped
	fOverlapTyped
	fSentNegated
	fQNegated
	fNullBias
	fNullCov
	fNullBigram
	fNullQMissing
	fNullKeysMissing
	fNullTyped
	fNullNone
	fWinLeft
	fWinRight
	fWinNear
	fChunkExact
	fChunkStart
	fChunkEnd
	fChunkInsideStart
	fChunkInsideEnd
	fChunkMany
	fChunkNone
	fClassLast
	fClassIn
	fAlign
	fRunLeft
	fRunLeftAll
	fRunRight
	fRunRightAll
	fAlternative
	fPrevCov
	numDense
)

var denseNames = [numDense]string{
	"bias", "span", "typed", "typed_conf", "typed_no_passage", "typed_long", "cov", "cov_top", "cov_gap", "bigram",
	"keys_missing", "matched_log", "q_missing", "rank0", "rank1", "rank2", "rank3", "len1", "len2", "len3", "len4",
	"len5", "len6+", "in_question", "start_stop", "comma", "and", "cap_share", "digit", "year", "date_ann",
	"qty_ann", "money_ann", "pct_ann", "person_ann", "place_ann", "ann_exact", "dist_min", "dist_avg",
	"left_matched", "right_matched", "near_matched", "before", "after", "between", "focus_in", "focus_next",
	"focus_prev", "agree_typed", "overlap_typed", "sent_negated", "q_negated",
	"null_bias", "null_cov", "null_bigram", "null_q_missing", "null_keys_missing", "null_typed", "null_none",
	"window_left", "window_right", "window_near",
	"chunk_exact", "chunk_start", "chunk_end", "chunk_starts_inside", "chunk_ends_inside", "chunk_many", "chunk_none",
	"class_last", "class_in",
	"align", "run_left", "run_left_all", "run_right", "run_right_all",
	"alternative", "prev_cov",
}

// Shapes of a candidate, crossed with the question class.
const (
	sDigit = iota
	sYear
	sDate
	sQty
	sMoney
	sPct
	sPerson
	sPlace
	sCap
	sLower
	sLong
	sInQ
	sTyped
	sNounEnd
	sVerbIn
	numShape
)

var shapeNames = [numShape]string{"digit", "year", "date", "qty", "money", "pct", "person", "place", "cap", "lower", "long", "inq", "typed", "noun_end", "verb_in"}

// typedIntents are the intents whose typed readers propose candidates.
var typedIntents = []string{IntentCount, IntentWho, IntentWhen, IntentWhere, IntentWhich, IntentDefine,
	IntentWhat, IntentWhy, IntentYesNo, IntentDerived, IntentOther}

// stopList is bleve's English stop list, each word with its index.
type stopList struct {
	words []string
	at    map[string]int
	and   int // the index of "and"
}

func newStopList() *stopList {
	s := &stopList{at: map[string]int{}}
	for _, line := range strings.Split(string(en.EnglishStopWords), "\n") {
		if i := strings.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(line) {
			if _, ok := s.at[w]; !ok {
				s.at[w] = len(s.words)
				s.words = append(s.words, w)
			}
		}
	}
	s.and = s.index("and")
	return s
}

func (s *stopList) index(w string) int {
	if i, ok := s.at[w]; ok {
		return i
	}
	return -1
}

// lexBits: the lexical features (a word of the span or around it, by its
// base form, crossed with the question class or focus) are hashed by name
// into 2^lexBits slots after the named features.
const lexBits = 17

// lexicalName matches the names of the lexical features this file makes.
var lexicalName = regexp.MustCompile(`^(?:focus:[^×]*×last:|fclass:[^×]*×(?:last|shape):|(?:agree|overlap)_typed×|[a-z]+×(?:prev|next|first|last|len|chunk):|qf:[a-z]+:[a-z]+×)`)

// NameTable records the names of the hashed lexical features met while
// featurizing, so that a fit can store their weights by name.
type NameTable struct {
	mu sync.Mutex
	m  map[int]string
}

// NewNameTable returns an empty table.
func NewNameTable() *NameTable { return &NameTable{m: map[int]string{}} }

func (t *NameTable) add(i int, name string) {
	t.mu.Lock()
	// Two names in one slot share its weight; the smaller names it.
	if old, ok := t.m[i]; !ok || name < old {
		t.m[i] = name
	}
	t.mu.Unlock()
}

func (t *NameTable) name(i int) (string, bool) {
	if t == nil {
		return "", false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	n, ok := t.m[i]
	return n, ok
}

// featureSpace lays out every feature: the dense ones, then the blocks of
// crosses (question class × shape, × the word before, × the word after, ×
// the typed reader's intent), then the hashed lexical features.
type featureSpace struct {
	names                      []string
	at                         map[string]int
	lexAt, size                int
	rec                        *NameTable // records lexical names while training
	whShape, prev, next        int        // offsets of the blocks
	intentAt                   int
	nullWh                     int
	nCtx                       int // word contexts: each stop word, punctuation, a content word, the sentence edge
	ctxPunct, ctxWord, ctxEdge int
	// log1p holds math.Log1p of the small distances, the span features' commonest.
	log1p [64]float64
}

func newFeatureSpace(stops *stopList) *featureSpace {
	fs := &featureSpace{}
	fs.names = append(fs.names, denseNames[:]...)
	fs.whShape = len(fs.names)
	for w := Wh(0); w < numWh; w++ {
		for s := 0; s < numShape; s++ {
			fs.names = append(fs.names, w.String()+"×"+shapeNames[s])
		}
	}
	ctx := append(append([]string{}, stops.words...), "<punct>", "<word>", "<edge>")
	fs.nCtx = len(ctx)
	fs.ctxPunct, fs.ctxWord, fs.ctxEdge = len(stops.words), len(stops.words)+1, len(stops.words)+2
	fs.prev = len(fs.names)
	for w := Wh(0); w < numWh; w++ {
		for _, c := range ctx {
			fs.names = append(fs.names, w.String()+"×prev="+c)
		}
	}
	fs.next = len(fs.names)
	for w := Wh(0); w < numWh; w++ {
		for _, c := range ctx {
			fs.names = append(fs.names, w.String()+"×next="+c)
		}
	}
	fs.intentAt = len(fs.names)
	for _, in := range typedIntents {
		fs.names = append(fs.names, "typed×"+in)
	}
	fs.nullWh = len(fs.names)
	for w := Wh(0); w < numWh; w++ {
		fs.names = append(fs.names, "null×"+w.String())
	}
	fs.at = make(map[string]int, len(fs.names))
	for i, n := range fs.names {
		fs.at[n] = i
	}
	fs.lexAt = len(fs.names)
	fs.size = fs.lexAt + 1<<lexBits
	for d := range fs.log1p {
		fs.log1p[d] = math.Log1p(float64(d))
	}
	return fs
}

// logDist is math.Log1p(d) for a distance d >= 0.
func (sp *featureSpace) logDist(d int) float64 {
	if d < len(sp.log1p) {
		return sp.log1p[d]
	}
	return math.Log1p(float64(d))
}

// index is the slot of the feature called name.
func (fs *featureSpace) index(name string) int {
	if i, ok := fs.at[name]; ok {
		return i
	}
	return fs.lexSlot(name)
}

func (fs *featureSpace) lexSlot(name string) int {
	return fs.lexAt + int(fnv1a(fnvOffset, name)&(1<<lexBits-1))
}

// FNV-1a, 32 bits, as hash/fnv computes it, over strings without copying them.
const (
	fnvOffset = 2166136261
	fnvPrime  = 16777619
)

func fnv1a(h uint32, s string) uint32 {
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= fnvPrime
	}
	return h
}

// lex is the slot of the lexical feature named by its parts joined,
// recorded by name while training.
func (fs *featureSpace) lex(parts ...string) int {
	n := len(parts) - 1
	return fs.prefix(parts[:n]...).with(parts[n])
}

// lexPrefix is the hash of the first parts of lexical features' names,
// so that a family of features named prefix+word hashes the prefix once.
type lexPrefix struct {
	fs   *featureSpace
	h    uint32
	name string // the prefix, kept only while training records names
}

// prefix is the lexPrefix of parts joined.
func (fs *featureSpace) prefix(parts ...string) lexPrefix {
	p := lexPrefix{fs: fs, h: fnvOffset}
	for _, s := range parts {
		p.h = fnv1a(p.h, s)
	}
	if fs.rec != nil {
		p.name = strings.Join(parts, "")
	}
	return p
}

// with is the slot of the feature named by the prefix followed by last:
// fs.lex(parts..., last).
func (p lexPrefix) with(last string) int {
	i := p.fs.lexAt + int(fnv1a(p.h, last)&(1<<lexBits-1))
	if p.fs.rec != nil {
		p.fs.rec.add(i, p.name+last)
	}
	return i
}

// name is the name of slot i ("" for a lexical slot never recorded).
func (fs *featureSpace) name(i int) string {
	if i < fs.lexAt {
		return fs.names[i]
	}
	n, _ := fs.rec.name(i)
	return n
}

// passageContext is what every span of one passage shares.
type passageContext struct {
	text    string // the passage's sentence
	base    []feat
	baseZ   float64 // the logit of base under the bot's model
	counts  []wordCounts
	matched []int   // token indexes matched by a question term
	terms   [][]int // per matched question term, its token indexes
	ann     []annSpan
	focus   string // the focus's stem
	// fclass is the WordNet class of the focus's first noun sense ("person"
	// for "what linebacker", "group" for "what team"), "" when none.
	fclass string
	// matchedBefore[k] counts the matched tokens before token k;
	// prevMatched[k] and nextMatched[k] are the nearest matched token
	// before k and after it (-1 when none).
	matchedBefore, prevMatched, nextMatched []int
	// weight is, per token, the weight of the question term it matches.
	weight []float64
	total  float64 // the question's term weight
	// typedAt are the offsets of typedShort, the typed candidate's answer, in
	// the passage's sentence (see spanHolds).
	typedShort string
	typedAt    []int
	tokInTyped []bool // per token: typedShort holds its text
	// Slots of each token's lexical features when it is the word before
	// the span, after it, its first and its last word.
	prevLex, nextLex, firstLex, lastLex, focusLast []int
	// Slots of the tags before, after, first and last in the span, by question class.
	prevTag, nextTag, firstTag, lastTag, focusTag []int
	// Slots of the focus's class crossed with each token's class (or its
	// kind, when it is no noun) as the span's last word.
	fclassLast []int
	// anchorAt are the tokens matched by the question's anchor term (see
	// Bot.questionForm); termBefore, per element of terms, whether its
	// term stands before the asking word in the question.
	anchorAt   []int
	termBefore []bool
	// runBefore[k] and runAfter[k] count the words of the question, stop
	// words too, that stand in a row just before token k and just after
	// it; runBeforeContent and runAfterContent the content words among them.
	runBefore, runAfter, runBeforeContent, runAfterContent []int32
	questionSlots
}

// questionSlots are the slots of the lexical features that depend on the
// question alone, the same for all its passages (computed once a question).
type questionSlots struct {
	prevClass, nextClass [numClass]int
	focusClass           [numClass]int
	classPair            [numClass][numClass]int
	lenLex               [maxSpan + 1]int
	chunkWh              [fChunkNone - fChunkExact + 1]int
	// the focus's class crossed with the span's shapes
	fclassShape [numShape]int
	// the question's class and form crossed with the span's place from
	// the anchor (anchorRels), and with its alignment
	anchorRel [len(anchorRels)]int
	align     int
}

// wordCounts counts the kinds of words a span holds, for every span at once.
type wordCounts struct {
	comma, and     int32 // commas and "and"s
	content, inq   int32 // content words, and those of the question
	caps, capWords int32 // capitalized words and words, but for the sentence's first
	digit, year    int32 // figures, and years among them
	verb           int32 // content words whose commonest sense is a verb
	focus          int32 // words of the focus's stem
	fclass         int32 // words of the focus's WordNet class, not the question's
}

func (w wordCounts) minus(v wordCounts) wordCounts {
	return wordCounts{w.comma - v.comma, w.and - v.and, w.content - v.content, w.inq - v.inq,
		w.caps - v.caps, w.capWords - v.capWords, w.digit - v.digit, w.year - v.year, w.verb - v.verb,
		w.focus - v.focus, w.fclass - v.fclass}
}

// wordCounts are the running counts of info's words: element k counts
// info[:k], so the span info[i..j] holds counts[j+1] minus counts[i].
func (b *Bot) wordCounts(pc *passageContext, info []tokenInfo) []wordCounts {
	out := make([]wordCounts, len(info)+1)
	for k := range info {
		t, n := &info[k], out[k]
		if pc.fclass != "" && t.nclass == pc.fclass && !t.inQ && !t.matched {
			n.fclass++
		}
		if pc.focus != "" && t.word && t.stem == pc.focus {
			n.focus++
		}
		switch {
		case !t.word:
			if t.tok.Text == "," {
				n.comma++
			}
		default:
			if t.stop >= 0 && t.stop == b.stops.and {
				n.and++
			}
			if t.stop < 0 {
				n.content++
				if t.matched || t.inQ {
					n.inq++
				}
				if t.verb {
					n.verb++
				}
			}
			if k > 0 {
				n.capWords++
				if t.capital {
					n.caps++
				}
			}
			if t.num {
				n.digit++
				if isYear(t.tok.Text) {
					n.year++
				}
			}
		}
		out[k+1] = n
	}
	return out
}

type annSpan struct {
	start, end int
	shape      int
}

// spanContext computes the features of p shared by all its spans.
func (b *Bot) spanContext(a *Analysis, p *Passage, info []tokenInfo, bestCov float64) *passageContext {
	e := p.ev
	pc := &passageContext{text: p.ev.hit.Sentence.Text}
	qw := b.questionWords(a)
	for k := range info {
		if t := &info[k]; t.word && t.stop < 0 && (qw[t.lower] || qw[t.lemma]) {
			t.inQ = true
		}
	}
	pc.base = b.passageFeatures(a, p, bestCov)
	pc.baseZ = b.model.logit(pc.base)
	n := len(info)
	nums := make([]int, 3*n+1)
	pc.matchedBefore, pc.prevMatched, pc.nextMatched = nums[:n+1:n+1], nums[n+1:2*n+1:2*n+1], nums[2*n+1:]
	last := -1
	for i := range info {
		pc.prevMatched[i] = last
		pc.matchedBefore[i] = len(pc.matched)
		if info[i].matched {
			pc.matched = append(pc.matched, i)
			last = i
		}
	}
	pc.matchedBefore[n] = len(pc.matched)
	next := -1
	for i := n - 1; i >= 0; i-- {
		pc.nextMatched[i] = next
		if info[i].matched {
			next = i
		}
	}
	_, anchor := b.questionForm(a)
	for ti, m := range e.matchAt {
		var idx []int
		for _, off := range m {
			for i := range info {
				if t := &info[i].tok; off >= t.Start && off < t.End {
					idx = append(idx, i)
				}
			}
		}
		if len(idx) > 0 {
			pc.terms = append(pc.terms, idx)
			pc.termBefore = append(pc.termBefore, a.WhAt >= 0 && a.q.terms[ti].start < a.WhAt)
			if ti == anchor {
				pc.anchorAt = idx
			}
		}
	}
	an := e.hit.Ann
	for _, d := range an.Dates {
		pc.ann = append(pc.ann, annSpan{d.Start, d.End, sDate})
	}
	for _, q := range an.Quantities {
		s := sQty
		switch q.Kind {
		case "money":
			s = sMoney
		case "percent":
			s = sPct
		}
		pc.ann = append(pc.ann, annSpan{q.Start, q.End, s})
	}
	for _, pe := range an.People {
		if pe.Start >= 0 {
			pc.ann = append(pc.ann, annSpan{pe.Start, pe.End, sPerson})
		}
	}
	for _, pl := range an.Places {
		pc.ann = append(pc.ann, annSpan{pl.Start, pl.End, sPlace})
	}
	if a.Focus != "" {
		pc.focus = firstStem(b.ix, a.Focus)
		if b.lex != nil {
			pc.fclass = b.lex.Class(b.lex.Base(a.Focus))
		}
	}
	pc.counts = b.wordCounts(pc, info)
	pc.weight = make([]float64, len(info))
	for ti, m := range e.matchAt {
		w := a.q.terms[ti].weight
		pc.total += w
		for _, off := range m {
			for i := range info {
				if t := &info[i].tok; off >= t.Start && off < t.End {
					pc.weight[i] = max(pc.weight[i], w)
				}
			}
		}
	}

	b.questionRuns(a, pc, info)
	// Lexical (and tag) features only for weights that weigh them, or to fit some.
	if b.model.usesLex || b.model.usesTags || b.allFeatures {
		b.lexicalSlots(a, pc, info)
	}
	return pc
}

// spanHolds reports whether the span [start, end) of the passage's sentence
// holds s: strings.Contains(text[start:end], s), from the offsets of s when
// s is the typed answer they were found for.
func (pc *passageContext) spanHolds(start, end int, s string) bool {
	if s != pc.typedShort {
		return strings.Contains(pc.text[start:end], s)
	}
	for _, at := range pc.typedAt {
		if at >= start && at+len(s) <= end {
			return true
		}
	}
	return false
}

// inTyped reports whether ts, the typed answer, holds sh, the span that
// starts on the passage's token i: strings.Contains(ts, sh), told no at
// once when ts does not hold that token.
func (pc *passageContext) inTyped(i int, sh, ts string) bool {
	if ts == pc.typedShort && !pc.tokInTyped[i] {
		return false
	}
	return strings.Contains(ts, sh)
}

// findTyped keeps where s, the typed answer, stands in the passage's
// sentence, and which of its tokens s holds.
func (pc *passageContext) findTyped(s string, info []tokenInfo) {
	if s == pc.typedShort && pc.typedAt != nil {
		return
	}
	pc.tokInTyped = make([]bool, len(info))
	for k := range info {
		pc.tokInTyped[k] = info[k].word && strings.Contains(s, info[k].tok.Text) // spans start on words
	}
	pc.typedShort, pc.typedAt = s, []int{}
	for from := 0; ; {
		i := strings.Index(pc.text[from:], s)
		if i < 0 {
			return
		}
		pc.typedAt = append(pc.typedAt, from+i)
		from += i + 1
	}
}

// lexicalSlots fills pc's per-token lexical feature slots.
func (b *Bot) lexicalSlots(a *Analysis, pc *passageContext, info []tokenInfo) {
	sp := b.space
	wh := a.Class.String()
	n := len(info)
	focus := ""
	if a.Focus != "" {
		focus = a.Focus
		if b.lex != nil {
			focus = b.lex.Base(focus)
		}
	}
	if a.slots == nil { // pc.fclass is the focus's class: the same for every passage
		form, _ := b.questionForm(a)
		a.slots = b.questionSlots(wh, form, focus, pc.fclass)
	}
	pc.questionSlots = *a.slots
	// One backing array for the per-token slots.
	per := 5
	tagged := len(info) > 0 && info[0].tag != ""
	if tagged {
		per += 5
	}
	if pc.fclass != "" {
		per++
	}
	slots := make([]int, per*n)
	next := func() []int {
		s := slots[:n:n]
		slots = slots[n:]
		return s
	}
	var focusTag, focusLex lexPrefix
	if focus != "" {
		focusTag = sp.prefix("focus:", focus, "×last:tag:")
		focusLex = sp.prefix("focus:", focus, "×last:")
	}
	if tagged {
		pc.prevTag, pc.nextTag, pc.firstTag, pc.lastTag = next(), next(), next(), next()
		pc.focusTag = next()
		prev, nxt, first, last := sp.prefix(wh, "×prev:tag:"), sp.prefix(wh, "×next:tag:"), sp.prefix(wh, "×first:tag:"), sp.prefix(wh, "×last:tag:")
		for k, t := range info {
			pc.prevTag[k] = prev.with(t.tag)
			pc.nextTag[k] = nxt.with(t.tag)
			pc.firstTag[k] = first.with(t.tag)
			pc.lastTag[k] = last.with(t.tag)
			pc.focusTag[k] = -1
			if focus != "" {
				pc.focusTag[k] = focusTag.with(t.tag)
			}
		}
	}
	if pc.fclass != "" {
		pc.fclassLast = next()
		fl := sp.prefix("fclass:", pc.fclass, "×last:")
		for k, t := range info {
			c := t.nclass
			if c == "" {
				c = classNames[t.class]
			}
			pc.fclassLast[k] = fl.with(c)
		}
	}
	pc.prevLex, pc.nextLex, pc.firstLex, pc.lastLex = next(), next(), next(), next()
	pc.focusLast = next()
	prev, nxt, first, last := sp.prefix(wh, "×prev:"), sp.prefix(wh, "×next:"), sp.prefix(wh, "×first:"), sp.prefix(wh, "×last:")
	for k, t := range info {
		pc.prevLex[k] = prev.with(t.lemma)
		pc.nextLex[k] = nxt.with(t.lemma)
		pc.firstLex[k] = first.with(t.lemma)
		pc.lastLex[k] = last.with(t.lemma)
		pc.focusLast[k] = -1
		if focus != "" {
			pc.focusLast[k] = focusLex.with(t.lemma)
		}
	}
}

// questionSlots computes the slots of a question's lexical features that
// no passage changes: by its class (wh), its focus and the focus's class.
func (b *Bot) questionSlots(wh, form, focus, fclass string) *questionSlots {
	sp := b.space
	qs := &questionSlots{}
	rel := sp.prefix("qf:", wh, ":", form, "×anchor:")
	for r, name := range anchorRels {
		qs.anchorRel[r] = rel.with(name)
	}
	qs.align = sp.lex("qf:", wh, ":", form, "×align")
	for x := range numClass {
		pair := sp.prefix(wh, "×first:", classNames[x], "×last:")
		for y := range numClass {
			qs.classPair[x][y] = pair.with(classNames[y])
		}
	}
	for x := range numClass {
		qs.prevClass[x] = sp.lex(wh, "×prev:", classNames[x])
		qs.nextClass[x] = sp.lex(wh, "×next:", classNames[x])
		qs.focusClass[x] = -1
		if focus != "" {
			qs.focusClass[x] = sp.lex("focus:", focus, "×last:", classNames[x])
		}
	}
	for k := range qs.chunkWh {
		qs.chunkWh[k] = sp.lex(wh, "×chunk:", denseNames[fChunkExact+k])
	}
	for l := 1; l <= maxSpan; l++ {
		qs.lenLex[l] = sp.lex(wh, "×len:", string(rune('0'+l)))
	}
	if fclass != "" {
		for s := range numShape {
			qs.fclassShape[s] = sp.lex("fclass:", fclass, "×shape:", shapeNames[s])
		}
	}
	return qs
}

// window is the share of the question's term weight matched by the w
// tokens before i (left) and after j (right).
func (pc *passageContext) window(i, j, w int) (left, right float64) {
	if pc.total == 0 {
		return 0, 0
	}
	for k := max(0, i-w); k < i; k++ {
		left += pc.weight[k]
	}
	for k := j + 1; k <= min(len(pc.weight)-1, j+w); k++ {
		right += pc.weight[k]
	}
	return min(left/pc.total, 1), min(right/pc.total, 1)
}

// questionRuns fills pc's runs: how many of the question's words, in a
// row and in any order, stand right before and right after each token
// ("Grumman" before "as the LEM contractor in November 1962" for "who was
// announced as the LEM contractor in November 1962").
func (b *Bot) questionRuns(a *Analysis, pc *passageContext, info []tokenInfo) {
	stops := b.questionStops(a)
	n := len(info)
	in := make([]bool, n)
	for k := range info {
		t := &info[k]
		in[k] = t.word && (t.inQ || t.matched || t.stop >= 0 && stops[t.stop])
	}
	runs := make([]int32, 4*(n+1))
	pc.runBefore, pc.runBeforeContent = runs[:n:n], runs[n:2*n:2*n]
	pc.runAfter, pc.runAfterContent = runs[2*n:3*n:3*n], runs[3*n:4*n]
	for k := 1; k < n; k++ {
		if in[k-1] {
			pc.runBefore[k] = pc.runBefore[k-1] + 1
			pc.runBeforeContent[k] = pc.runBeforeContent[k-1]
			if info[k-1].stop < 0 {
				pc.runBeforeContent[k]++
			}
		}
	}
	for k := n - 2; k >= 0; k-- {
		if in[k+1] {
			pc.runAfter[k] = pc.runAfter[k+1] + 1
			pc.runAfterContent[k] = pc.runAfterContent[k+1]
			if info[k+1].stop < 0 {
				pc.runAfterContent[k]++
			}
		}
	}
}

// questionStops marks, by their index in the stop list, the stop words of
// the question but its asking word (computed once a question).
func (b *Bot) questionStops(a *Analysis) []bool {
	if a.stops != nil {
		return a.stops
	}
	a.stops = make([]bool, len(b.stops.words))
	for _, t := range a.q.toks {
		if t.IsWord() && t.Start != a.WhAt {
			if k := b.stops.index(t.Lower()); k >= 0 {
				a.stops[k] = true
			}
		}
	}
	return a.stops
}

// questionWords are the question's content words, lower case and in base form (computed once a question).
func (b *Bot) questionWords(a *Analysis) map[string]bool {
	if a.words != nil {
		return a.words
	}
	a.words = map[string]bool{}
	for _, t := range a.q.toks {
		if !t.IsWord() {
			continue
		}
		l := t.Lower()
		if b.stops.index(l) >= 0 {
			continue
		}
		a.words[l] = true
		if p, ok := strings.CutSuffix(strings.ReplaceAll(l, "’", "'"), "'s"); ok {
			a.words[p] = true // "Masengeli's": Masengeli
		}
		if b.lex != nil {
			a.words[b.lex.Base(l)] = true
		}
	}
	for _, l := range a.extra {
		a.words[l] = true
		if b.lex != nil {
			a.words[b.lex.Base(l)] = true
		}
	}
	return a.words
}

// passageFeatures are how well a passage matches the question.
func (b *Bot) passageFeatures(a *Analysis, p *Passage, bestCov float64) []feat {
	e := p.ev
	fs := []feat{{fCov, e.coverage}, {fCovGap, e.coverage - bestCov}, {fBigram, p.Bigram},
		{fMatchedLog, math.Log1p(float64(e.matched()))}}
	if e.coverage >= bestCov-1e-9 {
		fs = append(fs, feat{fCovTop, 1})
	}
	if !e.keysOK {
		fs = append(fs, feat{fKeysMissing, 1})
	}
	if p.Rank < 4 {
		fs = append(fs, feat{fRank0 + p.Rank, 1})
	}
	if m := missingShare(a.q); m > 0 {
		fs = append(fs, feat{fQMissing, m})
	}
	if b.negs.Of(e.hit.Sentence.Text, hasNegation) {
		fs = append(fs, feat{fSentNegated, 1})
	}
	if a.Negated {
		fs = append(fs, feat{fQNegated, 1})
	}
	if v := prevCoverage(a.q, p); v > 0 {
		fs = append(fs, feat{fPrevCov, v})
	}
	return fs
}

// prevCoverage is the share of the question's terms that p's sentence does
// not match and the sentence before it holds (by stem): what a pronoun or
// an elliptical sentence leaves to its context ("He moved there in 1881").
func prevCoverage(q *question, p *Passage) float64 {
	if len(p.PrevTerms) == 0 || len(q.terms) == 0 {
		return 0
	}
	n := 0
	for i, t := range q.terms {
		if len(p.ev.matchAt[i]) > 0 {
			continue
		}
		if slices.ContainsFunc(p.PrevTerms, func(pt index.Term) bool { return slices.Contains(t.stems, pt.Stem) }) {
			n++
		}
	}
	return float64(n) / float64(len(q.terms))
}

// lenFeature is the one-hot feature of a span's length in words.
func lenFeature(words int) int { return fLen1 + min(words, 6) - 1 }

// spanFeatures appends to fs the features of the span info[i..j] (words words long).
func (b *Bot) spanFeatures(fs []feat, a *Analysis, pc *passageContext, info []tokenInfo, i, j, words int, typed *Candidate, c *Candidate) []feat {
	fs = append(fs, feat{fBias, 1}, feat{fSpan, 1})
	return b.spanOwnFeatures(append(fs, pc.base...), a, pc, info, i, j, words, typed, c)
}

// spanOwnFeatures are the features of the span info[i..j] but the bias and
// those of its passage (pc.base), which all its spans share: those of its
// words, of its first word and of its last.
func (b *Bot) spanOwnFeatures(fs []feat, a *Analysis, pc *passageContext, info []tokenInfo, i, j, words int, typed *Candidate, c *Candidate) []feat {
	fs = b.spanWordsFeatures(fs, a, pc, info, i, j, words, typed, c)
	return b.spanEndFeatures(b.spanStartFeatures(fs, a, pc, info, i), a, pc, info, j)
}

// spanStartFeatures are the features of a span that only its first word,
// info[i], decides: what stands before it.
func (b *Bot) spanStartFeatures(fs []feat, a *Analysis, pc *passageContext, info []tokenInfo, i int) []feat {
	if info[i].stop >= 0 {
		fs = append(fs, feat{fStartStop, 1})
	}
	prevW := prevWord(info, i)
	if prevW >= 0 && info[prevW].matched {
		fs = append(fs, feat{fLeftMatched, 1})
	}
	if pc.focus != "" && prevW >= 0 && info[prevW].stem == pc.focus {
		fs = append(fs, feat{fFocusPrev, 1})
	}
	// The words of the question before the span, by their weight.
	if left, _ := pc.window(i, len(info), 6); left > 0 {
		fs = append(fs, feat{fWinLeft, left})
	}
	if nl, _ := pc.window(i, len(info), 3); nl > 0 {
		fs = append(fs, feat{fWinNear, nl})
	}
	if r := pc.runBefore[i]; r > 0 {
		fs = append(fs, feat{fRunLeftAll, b.space.logDist(int(r))})
		if c := pc.runBeforeContent[i]; c > 0 {
			fs = append(fs, feat{fRunLeft, b.space.logDist(int(c))})
		}
	}
	if pc.prevLex != nil {
		if i > 0 {
			fs = append(fs, feat{pc.prevLex[i-1], 1}, feat{pc.prevClass[info[i-1].class], 1})
		}
		fs = append(fs, feat{pc.firstLex[i], 1})
	}
	if pc.prevTag != nil {
		if i > 0 {
			fs = append(fs, feat{pc.prevTag[i-1], 1})
		}
		fs = append(fs, feat{pc.firstTag[i], 1})
	}
	if prev := b.ctxOf(info, i-1); prev >= 0 {
		fs = append(fs, feat{b.space.prev + int(a.Class)*b.space.nCtx + prev, 1})
	}
	return fs
}

// spanEndFeatures are the features of a span that only its last word,
// info[j], decides: that word and what follows it.
func (b *Bot) spanEndFeatures(fs []feat, a *Analysis, pc *passageContext, info []tokenInfo, j int) []feat {
	nextW := nextWord(info, j)
	if nextW >= 0 && info[nextW].matched {
		fs = append(fs, feat{fRightMatched, 1})
	}
	if t := &info[j]; pc.fclass != "" && t.nclass == pc.fclass && !t.inQ && !t.matched {
		fs = append(fs, feat{fClassLast, 1})
	}
	if pc.focus != "" && nextW >= 0 && info[nextW].stem == pc.focus {
		fs = append(fs, feat{fFocusNext, 1})
	}
	// The words of the question after the span, by their weight.
	if _, right := pc.window(-1, j, 6); right > 0 {
		fs = append(fs, feat{fWinRight, right})
	}
	if _, nr := pc.window(-1, j, 3); nr > 0 {
		fs = append(fs, feat{fWinNear, nr})
	}
	if r := pc.runAfter[j]; r > 0 {
		fs = append(fs, feat{fRunRightAll, b.space.logDist(int(r))})
		if c := pc.runAfterContent[j]; c > 0 {
			fs = append(fs, feat{fRunRight, b.space.logDist(int(c))})
		}
	}
	if pc.prevLex != nil {
		if j+1 < len(info) {
			fs = append(fs, feat{pc.nextLex[j+1], 1}, feat{pc.nextClass[info[j+1].class], 1})
		}
		if pc.focusClass[0] >= 0 {
			fs = append(fs, feat{pc.focusClass[info[j].class], 1})
		}
		fs = append(fs, feat{pc.lastLex[j], 1})
		if pc.focusLast[j] >= 0 {
			fs = append(fs, feat{pc.focusLast[j], 1})
		}
		if pc.fclassLast != nil {
			fs = append(fs, feat{pc.fclassLast[j], 1})
		}
	}
	if pc.prevTag != nil {
		if j+1 < len(info) {
			fs = append(fs, feat{pc.nextTag[j+1], 1})
		}
		fs = append(fs, feat{pc.lastTag[j], 1})
		if pc.focusTag[j] >= 0 {
			fs = append(fs, feat{pc.focusTag[j], 1})
		}
	}
	if next := b.ctxOf(info, j+1); next >= 0 {
		fs = append(fs, feat{b.space.next + int(a.Class)*b.space.nCtx + next, 1})
	}
	return fs
}

// spanWordsFeatures are the features of the span info[i..j] that its words
// decide together.
func (b *Bot) spanWordsFeatures(fs []feat, a *Analysis, pc *passageContext, info []tokenInfo, i, j, words int, typed *Candidate, c *Candidate) []feat {
	fs = append(fs, feat{lenFeature(words), 1})
	var shapes [numShape]bool
	n := pc.counts[j+1].minus(pc.counts[i])
	for range n.comma {
		fs = append(fs, feat{fComma, 1})
	}
	for range n.and {
		fs = append(fs, feat{fAnd, 1})
	}
	content, inq, caps, capWords := int(n.content), int(n.inq), int(n.caps), int(n.capWords)
	shapes[sDigit], shapes[sYear], shapes[sVerbIn] = n.digit > 0, n.year > 0, n.verb > 0
	shapes[sNounEnd] = info[j].noun
	if content > 0 && inq > 0 {
		fs = append(fs, feat{fInQ, float64(inq) / float64(content)})
		shapes[sInQ] = true
	}
	if capWords > 0 {
		share := float64(caps) / float64(capWords)
		fs = append(fs, feat{fCapShare, share})
		if share == 1 {
			shapes[sCap] = true
		}
		if caps == 0 {
			shapes[sLower] = true
		}
	}
	if words >= 4 {
		shapes[sLong] = true
	}
	start, end := info[i].tok.Start, info[j].tok.End
	exact := false
	for _, an := range pc.ann {
		if an.start < end && start < an.end { // overlaps
			shapes[an.shape] = true
			if an.start == start && an.end == end {
				exact = true
			}
		}
	}
	for _, sf := range [...][2]int{{sDate, fDateAnn}, {sQty, fQtyAnn}, {sMoney, fMoneyAnn}, {sPct, fPctAnn}, {sPerson, fPersonAnn}, {sPlace, fPlaceAnn}} {
		if shapes[sf[0]] {
			fs = append(fs, feat{sf[1], 1})
		}
	}
	if shapes[sDigit] {
		fs = append(fs, feat{fDigit, 1})
	}
	if shapes[sYear] {
		fs = append(fs, feat{fYear, 1})
	}
	if exact {
		fs = append(fs, feat{fAnnExact, 1})
	}
	// Where the span stands among the question's words.
	dmin, before, after := 30, pc.matchedBefore[i], len(pc.matched)-pc.matchedBefore[j+1]
	if m := pc.prevMatched[i]; m >= 0 {
		dmin = i - m
	}
	if m := pc.nextMatched[j]; m >= 0 && (m-j < dmin || pc.prevMatched[i] < 0) {
		dmin = m - j
	}
	fs = append(fs, feat{fDistMin, b.space.logDist(dmin)})
	if len(pc.terms) > 0 {
		sum, align := 0.0, 0
		for ti, idx := range pc.terms {
			d, side := 1<<30, 0 // side of the nearest match: -1 left of the span, 1 right
			for _, m := range idx {
				switch {
				case m < i && i-m < d:
					d, side = i-m, -1
				case m > j && m-j < d:
					d, side = m-j, 1
				case m >= i && m <= j:
					d, side = 0, 0
				}
			}
			sum += b.space.logDist(d)
			// A term asked before the asking word should stand before the
			// answer, one asked after it after the answer.
			if side != 0 {
				if pc.termBefore[ti] == (side < 0) {
					align++
				} else {
					align--
				}
			}
		}
		fs = append(fs, feat{fDistAvg, sum / float64(len(pc.terms))})
		if align != 0 {
			v := float64(align) / float64(len(pc.terms))
			fs = append(fs, feat{fAlign, v})
			if pc.prevLex != nil {
				fs = append(fs, feat{pc.questionSlots.align, v})
			}
		}
	}
	if pc.prevLex != nil {
		fs = append(fs, feat{pc.questionSlots.anchorRel[anchorRel(pc.anchorAt, i, j)], 1})
	}
	switch {
	case before > 0 && after > 0:
		fs = append(fs, feat{fBetween, 1})
	case before > 0:
		fs = append(fs, feat{fAfter, 1}) // the span comes after the question's words
	case after > 0:
		fs = append(fs, feat{fBefore, 1})
	}
	if dmin <= 3 {
		fs = append(fs, feat{fNearMatched, 1})
	}
	// A word of the focus's WordNet class that is not the question's own
	// ("architects" for "what profession", "city" for "what place").
	if pc.fclass != "" {
		if n.fclass > 0 {
			fs = append(fs, feat{fClassIn, 1})
		}
	}
	if pc.focus != "" {
		if n.focus > 0 {
			fs = append(fs, feat{fFocusIn, 1})
		}
	}
	// One of the two a question asks to choose between ("high or low?").
	for _, alt := range a.Alternatives {
		if strings.EqualFold(c.Short, alt) {
			fs = append(fs, feat{fAlternative, 1})
		}
	}
	if typed != nil && typed.Short != "" {
		sh := c.Short
		ts := typed.Short
		switch {
		case strings.EqualFold(sh, ts):
			fs = append(fs, feat{fAgreeTyped, 1}, feat{b.space.lex("agree_typed×", typed.typed.Intent), 1})
			shapes[sTyped] = true
		case pc.inTyped(i, sh, ts) || pc.spanHolds(c.Start, c.End, ts):
			fs = append(fs, feat{fOverlapTyped, 1}, feat{b.space.lex("overlap_typed×", typed.typed.Intent), 1})
		}
	}
	// The span's own words and the words around it, by lemma.
	if pc.prevLex != nil {
		if pc.fclassLast != nil {
			for s, on := range shapes {
				if on {
					fs = append(fs, feat{pc.fclassShape[s], 1})
				}
			}
		}
		fs = append(fs, feat{pc.classPair[info[i].class][info[j].class], 1}, feat{pc.lenLex[min(words, maxSpan)], 1})
	}
	if pc.prevTag != nil {
		at := len(fs)
		fs = chunkFeatures(fs, info, i, j)
		for _, f := range fs[at:] {
			fs = append(fs, feat{pc.chunkWh[f.i-fChunkExact], 1})
		}
	}
	return b.crosses(fs, a.Class, shapes, -1, -1)
}

// chunkFeatures: how the span info[i..j] lies on the base noun phrases.
func chunkFeatures(fs []feat, info []tokenInfo, i, j int) []feat {
	first, last := info[i], info[j]
	switch {
	case first.chunk >= 0 && first.chunk == last.chunk && first.chunkStart && last.chunkEnd:
		return append(fs, feat{fChunkExact, 1})
	case first.chunk < 0 && last.chunk < 0:
		fs = append(fs, feat{fChunkNone, 1})
	}
	if first.chunkStart {
		fs = append(fs, feat{fChunkStart, 1})
	} else if first.chunk >= 0 {
		fs = append(fs, feat{fChunkInsideStart, 1})
	}
	if last.chunkEnd {
		fs = append(fs, feat{fChunkEnd, 1})
	} else if last.chunk >= 0 {
		fs = append(fs, feat{fChunkInsideEnd, 1})
	}
	if first.chunk >= 0 && last.chunk > first.chunk {
		fs = append(fs, feat{fChunkMany, 1})
	}
	return fs
}

// crosses adds the question class crossed with the shapes and the words around.
func (b *Bot) crosses(fs []feat, wh Wh, shapes [numShape]bool, prev, next int) []feat {
	sp := b.space
	for s, on := range shapes {
		if on {
			fs = append(fs, feat{sp.whShape + int(wh)*numShape + s, 1})
		}
	}
	if prev >= 0 {
		fs = append(fs, feat{sp.prev + int(wh)*sp.nCtx + prev, 1})
	}
	if next >= 0 {
		fs = append(fs, feat{sp.next + int(wh)*sp.nCtx + next, 1})
	}
	return fs
}

// ctxOf is the context index of token k: its stop word, punctuation, a content word or the edge.
func (b *Bot) ctxOf(info []tokenInfo, k int) int {
	switch {
	case k < 0 || k >= len(info):
		return b.space.ctxEdge
	case !info[k].word:
		return b.space.ctxPunct
	case info[k].stop >= 0:
		return info[k].stop
	}
	return b.space.ctxWord
}

func prevWord(info []tokenInfo, i int) int {
	for k := i - 1; k >= 0; k-- {
		if info[k].word {
			return k
		}
	}
	return -1
}

func nextWord(info []tokenInfo, j int) int {
	for k := j + 1; k < len(info); k++ {
		if info[k].word {
			return k
		}
	}
	return -1
}

func isYear(s string) bool {
	if len(s) != 4 && !(len(s) == 5 && s[4] == 's') {
		return false
	}
	for _, r := range s[:4] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s[0] == '1' || s[0] == '2'
}

// typedFeatures are the features of a typed reader's candidate.
func (b *Bot) typedFeatures(a *Analysis, c *Candidate, ps []*Passage) []feat {
	fs := []feat{{fBias, 1}, {fTyped, 1}, {fTypedConf, c.typed.Confidence}}
	for k, in := range typedIntents {
		if in == c.typed.Intent {
			fs = append(fs, feat{b.space.intentAt + k, 1})
		}
	}
	words := 0
	for _, t := range corpus.Tokenize(c.Short) {
		if t.IsWord() {
			words++
		}
	}
	if words > maxSpan {
		fs = append(fs, feat{fTypedLong, 1})
	}
	if words > 0 {
		fs = append(fs, feat{lenFeature(words), 1})
	}
	best := 0.0
	for _, p := range ps {
		best = max(best, p.ev.coverage)
	}
	// A typed value that is a span of its passage is weighed as that span is.
	if p := c.Passage; p != nil && c.Start >= 0 {
		info := b.tokens(p)
		i, j := -1, -1
		for k, t := range info {
			if i < 0 && t.tok.Start >= c.Start && t.word {
				i = k
			}
			if t.tok.End <= c.End && t.word {
				j = k
			}
		}
		if i >= 0 && j >= i {
			words := 0
			for k := i; k <= j; k++ {
				if info[k].word {
					words++
				}
			}
			span := b.spanFeatures(nil, a, b.context(a, p, best), info, i, j, words, nil, c)
			for _, f := range span {
				if f.i != fBias && f.i != fSpan && (f.i < fLen1 || f.i > fLen6) {
					fs = append(fs, f)
				}
			}
			return fs
		}
	}
	var shapes [numShape]bool
	shapes[sTyped] = true
	if c.Passage == nil {
		fs = append(fs, feat{fTypedNoPassage, 1})
		return b.crosses(fs, a.Class, shapes, -1, -1)
	}
	fs = append(fs, b.passageFeatures(a, c.Passage, best)...)
	return b.crosses(fs, a.Class, shapes, -1, -1)
}

// nullFeatures are the features of abstaining, the candidate that competes
// with every answer: how well the best passage matches the question at all.
func (b *Bot) nullFeatures(a *Analysis, ps []*Passage, typed bool) []feat {
	fs := []feat{{fNullBias, 1}, {b.space.nullWh + int(a.Class), 1}}
	if len(ps) == 0 {
		return append(fs, feat{fNullNone, 1})
	}
	best, bigram := 0.0, 0.0
	keys := false
	for _, p := range ps {
		if p.ev.coverage > best {
			best = p.ev.coverage
		}
		bigram = max(bigram, p.Bigram)
		keys = keys || p.ev.keysOK
	}
	fs = append(fs, feat{fNullCov, best}, feat{fNullBigram, bigram})
	if !keys {
		fs = append(fs, feat{fNullKeysMissing, 1})
	}
	if typed {
		fs = append(fs, feat{fNullTyped, 1})
	}
	if m := missingShare(a.q); m > 0 {
		fs = append(fs, feat{fNullQMissing, m})
	}
	return fs
}

// missingShare is the share of q's term weight on words the corpus never uses.
func missingShare(q *question) float64 {
	var total, missing float64
	for _, t := range q.terms {
		total += t.weight
		if t.missing {
			missing += t.weight
		}
	}
	if total == 0 {
		return 0
	}
	return missing / total
}
