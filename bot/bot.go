package bot

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"sync"

	"mssmbot/corpus"
	"mssmbot/corpus/lexicon"
	"mssmbot/corpus/memo"
	"mssmbot/corpus/tagger"
	"mssmbot/index"
)

// Bot answers questions from one index. It is safe for concurrent use.
type Bot struct {
	ix    *index.Index
	log   *slog.Logger
	stops *stopList
	space *featureSpace
	model *Model
	lex   *lexicon.Lexicon
	tag   *tagger.Tagger
	// edgeTags loads the tagger the first time a span answer's edges are
	// read (shared by the bots WithIndex makes).
	edgeTags *lazyTagger
	// allFeatures: compute every feature, weighed or not (to fit weights).
	allFeatures bool
	// words: what is known of each word met; sents: what is known of the
	// tokens of each sentence read, whatever the question (read, tagged and
	// chunked once a sentence, not once a question; the slices are never
	// changed); negs: whether a sentence is negated.
	words memo.Map[wordInfo]
	sents memo.Map[[]tokenInfo]
	negs  memo.Map[bool]
}

// New returns a Bot answering from ix with the embedded model.
func New(ix *index.Index, logger *slog.Logger) *Bot {
	b, err := NewWithWeights(ix, logger, nil)
	if err != nil {
		panic(err) // the embedded weights are checked by the tests
	}
	return b
}

// NewWithWeights returns a Bot scoring with the given weights (JSON as
// `mssmbot train` writes it); nil means the embedded ones.
func NewWithWeights(ix *index.Index, logger *slog.Logger, weights []byte) (*Bot, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if weights == nil {
		weights = defaultWeights
	}
	// The index's annotator's WordNet table, shared; a bot with no index
	// yet (one WithIndex will copy) loads its own.
	var lex *lexicon.Lexicon
	if ix != nil {
		lex = ix.Annotator().Lexicon()
	} else {
		var err error
		if lex, err = lexicon.Load(); err != nil {
			return nil, fmt.Errorf("bot: %w", err)
		}
	}
	b := &Bot{ix: ix, log: logger.With("component", "bot"), stops: newStopList(), lex: lex, edgeTags: &lazyTagger{}, words: memo.Map[wordInfo]{Max: maxCachedWords}, sents: memo.Map[[]tokenInfo]{Max: maxCachedSentences}, negs: memo.Map[bool]{Max: maxCachedSentences}}
	b.space = newFeatureSpace(b.stops)
	m, err := newModel(b.space, weights)
	if err != nil {
		return nil, err
	}
	b.model = m
	// The tagger is loaded only for weights that read its tags.
	if m.usesTags {
		if err := b.LoadTagger(); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// LoadTagger readies every feature whatever the weights: it loads the
// part-of-speech tagger and turns the lexical features on (training needs
// them even when the weights it starts from do not weigh them).
func (b *Bot) LoadTagger() error {
	b.allFeatures = true
	if b.tag != nil {
		return nil
	}
	tag, err := tagger.Load()
	if err != nil {
		return fmt.Errorf("bot: %w", err)
	}
	b.tag = tag
	return nil
}

// lazyTagger is the part-of-speech tagger, loaded on first use.
type lazyTagger struct {
	once sync.Once
	tag  *tagger.Tagger
}

// tagger returns b's tagger, loading it the first time; nil when it cannot load.
func (b *Bot) tagger() *tagger.Tagger {
	if b.tag != nil {
		return b.tag
	}
	lt := b.edgeTags
	if lt == nil {
		return nil
	}
	lt.once.Do(func() {
		t, err := tagger.Load()
		if err != nil {
			b.log.Error("tagger", "err", err)
			return
		}
		lt.tag = t
	})
	return lt.tag
}

// Documents describe the documents b answers from.
func (b *Bot) Documents() []index.Summary { return b.ix.Summaries() }

// WithIndex returns a Bot that answers from ix with b's lexicon, tagger and
// model (loaded once, shared): for answering from many small corpora.
func (b *Bot) WithIndex(ix *index.Index) *Bot {
	return &Bot{ix: ix, log: b.log, stops: b.stops, space: b.space, model: b.model, lex: b.lex, tag: b.tag, edgeTags: b.edgeTags, allFeatures: b.allFeatures, words: memo.Map[wordInfo]{Max: maxCachedWords}, sents: memo.Map[[]tokenInfo]{Max: maxCachedSentences}, negs: memo.Map[bool]{Max: maxCachedSentences}}
}

// Lexicon returns the WordNet table b reads (its index's annotator's).
func (b *Bot) Lexicon() *lexicon.Lexicon { return b.lex }

// Thresholds of evidence: the share of a question's weighted words a
// sentence must hold to answer from it, and to be quoted in an abstention.
const (
	minCoverage   = 0.5
	minYesNo      = 0.75
	quoteCoverage = 0.5
	maxText       = 300
	maxShort      = 80
)

const usageHint = "Ask me a question about the documents, for example \"Who leads the mission?\" — or say \"help\" for more."

// Ask answers one question. It never panics and never returns an error: a
// question it cannot answer gets an Answer with Answered false.
func (b *Bot) Ask(ctx context.Context, question string) Answer {
	ans, _ := b.ask(ctx, question, nil)
	return ans
}

// AskIn answers question as the next turn of conversation key in convs: a
// follow-up ("and Chile?", "what did he confirm?", "why?") is completed from
// the conversation's last answered question. An empty key, or nil convs, is a
// question with no past.
func (b *Bot) AskIn(ctx context.Context, question string, convs ConversationStore, key string) Answer {
	if convs == nil || key == "" {
		ans, _ := b.ask(ctx, question, nil)
		return ans
	}
	prev := convs.Load(key)
	ans, turn := b.ask(ctx, question, prev)
	if turn != prev {
		convs.Store(key, turn)
	}
	ans.Conversation = key
	return ans
}

// ask answers question after the conversation's last turn prev (nil for
// none), and returns the turn the conversation keeps after it: the new one
// when it was answered, else prev.
func (b *Bot) ask(ctx context.Context, question string, prev *Turn) (ans Answer, turn *Turn) {
	ans = Answer{Question: question, Intent: IntentOther, Sources: []Source{}}
	turn = prev
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic answering a question", "panic", r)
			ans = Answer{Question: question, Intent: IntentOther, Sources: []Source{},
				Text: "Sorry, something went wrong answering that question."}
			turn = prev
		}
		ans.Text = cut(ans.Text, maxText)
		ans.Short = cut(ans.Short, maxShort)
		if !ans.Answered {
			ans.Short = ""
		}
	}()
	q := chatText(strings.TrimSpace(question))
	switch {
	case len(q) > MaxQuestionLen:
		ans.Intent = IntentRefused
		ans.Text = fmt.Sprintf("That question is too long (%d characters; the limit is %d). Please ask something shorter.", len([]rune(q)), MaxQuestionLen)
		return ans, turn
	case !controlFree(q):
		ans.Intent = IntentRefused
		ans.Text = "That question has control characters or invalid text in it; please ask in plain words."
		return ans, turn
	case strings.Trim(q, "?!.,;: \t") == "":
		ans.Intent = IntentEmpty
		ans.Text = usageHint
		return ans, turn
	}
	if isSmallTalk(q) {
		return b.smallTalk(ctx, ans, q), turn
	}
	// An elliptical lead ("and Chile?") is read before the polite wrappers
	// are taken off, "and" among them.
	rest, lead := followLead(q)
	parts := splitMulti(normalize(rest))
	if len(parts) > 1 {
		return b.multi(ctx, question, parts, prev)
	}
	return b.answer(ctx, question, parts[0], lead, prev)
}

// multiSplit finds " and " (or ";") followed by a new question.
var multiSplit = regexp.MustCompile(`(?i)(?:,?\s+and\s+|;\s*|\?\s+)(?:(?:who|what|when|where|which|why|how)\b)`)

func splitMulti(q string) []string {
	if !mayJoin(q) {
		return []string{q}
	}
	locs := multiSplit.FindAllStringIndex(q, -1)
	if len(locs) == 0 {
		return []string{q}
	}
	var parts []string
	prev := 0
	for _, l := range locs {
		// The new question starts at its wh-word: the last word of the match.
		m := q[l[0]:l[1]]
		start := l[0] + strings.LastIndexAny(m, " \t;?") + 1
		parts = append(parts, strings.TrimSpace(strings.TrimRight(q[prev:l[0]], "?,; ")))
		prev = start
	}
	parts = append(parts, strings.TrimSpace(q[prev:]))
	return parts
}

// mayJoin reports that q holds what multiSplit's joins begin with — a ";",
// a "?" before a space or the letters "and" — so that the expression is
// run only on the questions it may split.
func mayJoin(q string) bool {
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == ';':
			return true
		case c == '?' && i+1 < len(q) && strings.IndexByte(" \t\n\f\r", q[i+1]) >= 0:
			return true
		case c|0x20 == 'a' && i+2 < len(q) && q[i+1]|0x20 == 'n' && q[i+2]|0x20 == 'd':
			return true
		}
	}
	return false
}

// multi answers each part of a multi-part question as a turn after the part
// before: "who is Masengeli and what did he confirm?" reads "he" as the part
// before read it.
func (b *Bot) multi(ctx context.Context, question string, parts []string, prev *Turn) (Answer, *Turn) {
	ans := Answer{Question: question, Intent: IntentMulti, Sources: []Source{}, Answered: true}
	var texts, shorts []string
	conf := 1.0
	turn := prev
	for _, p := range parts {
		a, t := b.answer(ctx, p, p, false, turn)
		turn = t
		texts = append(texts, a.Text)
		if a.Answered {
			shorts = append(shorts, a.Short)
		}
		ans.Sources = append(ans.Sources, a.Sources...)
		conf = min(conf, a.Confidence)
	}
	// Partly answered still helps: answered when any part is.
	ans.Answered = len(shorts) > 0
	ans.Text = strings.Join(texts, " ")
	ans.Short = strings.Join(shorts, "; ")
	ans.Confidence = conf
	return ans, turn
}

// goodEvidence keeps the sentences that can answer: every name asked about,
// most of the question's weight, and more than one of its words unless it has
// only one.
func goodEvidence(q *question, ev []*evidence) []*evidence {
	var good []*evidence
	for _, e := range ev {
		if e.keysOK && e.coverage >= minCoverage && (e.matched() >= 2 || len(q.terms) == 1) {
			good = append(good, e)
		}
	}
	return good
}

// result is what an intent handler found.
type result struct {
	text, short string
	conf        float64
	evidence    []*evidence
	qty         *corpus.Quantity // the figure a count answered with
	older       *corpus.Quantity // an earlier document's figure for the same thing
}

func sourceOf(s corpus.Sentence) Source {
	return Source{Doc: s.Doc, Title: s.Title, Date: corpus.DateString(s.Date), Text: s.Text, Section: s.Section, Page: s.Page}
}

// abstain says the sources don't answer, and what they do say when a
// sentence is about the question's subject.
func (b *Bot) abstain(q *question, ans Answer, ev []*evidence) Answer {
	ans.Answered = false
	var missing []string
	for _, t := range q.terms {
		if t.missing && (t.key || t.weight > 0) {
			missing = append(missing, t.word)
		}
	}
	for _, e := range ev {
		// Who-questions quote nothing: another person's sentence would read as an
		// answer; nor do questions about a thing the corpus never names.
		if q.intent != IntentWho && !q.unknownFocus && e.keysOK && e.coverage >= quoteCoverage && len(q.terms) > 0 {
			ans.Text = "The sources don't answer that. What they do say: “" + e.text() + "”"
			ans.Sources = append(ans.Sources, sourceOf(e.hit.Sentence))
			ans.Confidence = 0
			return ans
		}
	}
	if len(missing) > 0 && len(missing) <= 4 {
		ans.Text = "The sources don't answer that: they say nothing about " + joinList(missing) + "."
	} else {
		ans.Text = "The sources don't answer that."
	}
	return ans
}

// cut shortens s to at most n bytes at a word boundary, adding "…".
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	limit := n - len("…")
	i := strings.LastIndexByte(s[:limit+1], ' ')
	if i <= 0 {
		i = limit
		for i > 0 && !isRuneStart(s[i]) {
			i--
		}
	}
	return strings.TrimRight(s[:i], " ,;:") + "…"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// joinList writes "a, b and c".
func joinList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
