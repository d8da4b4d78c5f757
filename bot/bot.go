package bot

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"mssmbot/corpus"
	"mssmbot/index"
)

// Bot answers questions from one index. It is safe for concurrent use.
type Bot struct {
	ix  *index.Index
	log *slog.Logger
}

// New returns a Bot answering from ix.
func New(ix *index.Index, logger *slog.Logger) *Bot {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Bot{ix: ix, log: logger.With("component", "bot")}
}

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
func (b *Bot) Ask(ctx context.Context, question string) (ans Answer) {
	ans = Answer{Question: question, Intent: IntentOther, Sources: []Source{}}
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic answering a question", "panic", r)
			ans = Answer{Question: question, Intent: IntentOther, Sources: []Source{},
				Text: "Sorry, something went wrong answering that question."}
		}
		ans.Text = cut(ans.Text, maxText)
		ans.Short = cut(ans.Short, maxShort)
		if !ans.Answered {
			ans.Short = ""
		}
	}()
	q := strings.TrimSpace(question)
	switch {
	case len(q) > MaxQuestionLen:
		ans.Intent = IntentRefused
		ans.Text = fmt.Sprintf("That question is too long (%d characters; the limit is %d). Please ask something shorter.", len([]rune(q)), MaxQuestionLen)
		return ans
	case !controlFree(q):
		ans.Intent = IntentRefused
		ans.Text = "That question has control characters or invalid text in it; please ask in plain words."
		return ans
	case strings.Trim(q, "?!.,;: \t") == "":
		ans.Intent = IntentEmpty
		ans.Text = usageHint
		return ans
	}
	parts := splitMulti(normalize(q))
	if len(parts) > 1 {
		return b.multi(ctx, question, parts)
	}
	return b.answer(ctx, question, parts[0])
}

// multiSplit finds " and " (or ";") followed by a new question.
var multiSplit = regexp.MustCompile(`(?i)(?:,?\s+and\s+|;\s*|\?\s+)(?:(?:who|what|when|where|which|why|how)\b)`)

func splitMulti(q string) []string {
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

func (b *Bot) multi(ctx context.Context, question string, parts []string) Answer {
	ans := Answer{Question: question, Intent: IntentMulti, Sources: []Source{}, Answered: true}
	var texts, shorts []string
	conf := 1.0
	var lastName string
	for _, p := range parts {
		// "... and which party does she represent": the pronoun is the person of the part before.
		if lastName != "" {
			p = replacePronoun(p, lastName)
		}
		if names := parse(b.ix, p).names; len(names) > 0 {
			lastName = strings.Join(names, " ")
		}
		a := b.answer(ctx, p, p)
		if a.Intent == IntentWho && a.Answered {
			lastName = a.Short
		}
		texts = append(texts, a.Text)
		if a.Answered {
			shorts = append(shorts, a.Short)
		} else {
			ans.Answered = false
		}
		ans.Sources = append(ans.Sources, a.Sources...)
		conf = min(conf, a.Confidence)
	}
	// Partly answered still helps: answered when any part is.
	ans.Answered = len(shorts) > 0
	ans.Text = strings.Join(texts, " ")
	ans.Short = strings.Join(shorts, "; ")
	ans.Confidence = conf
	return ans
}

// replacePronoun puts name in place of the first personal pronoun of q.
func replacePronoun(q, name string) string {
	f := strings.Fields(q)
	for i, w := range f {
		switch strings.ToLower(strings.Trim(w, "?,.!")) {
		case "he", "she", "him", "her", "they", "them":
			f[i] = name + strings.TrimLeft(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
			return strings.Join(f, " ")
		case "his", "their":
			f[i] = name + "'s"
			return strings.Join(f, " ")
		}
	}
	return q
}

// answer answers one single question.
func (b *Bot) answer(ctx context.Context, question, q string) Answer {
	pq := parse(b.ix, q)
	ans := Answer{Question: question, Intent: pq.intent, Sources: []Source{}}
	if pq.intent == IntentHelp {
		return b.help(ctx, ans)
	}
	// "what is mssm", "mssm = ?": a single word that the corpus defines as an acronym.
	if (pq.intent == IntentWhat || pq.intent == IntentOther) && len(pq.terms) == 1 {
		saved := pq.acronym
		if pq.acronym == "" {
			pq.acronym = strings.ToUpper(pq.terms[0].word)
		}
		if a, ok := b.define(ctx, pq, ans); ok {
			return a
		}
		pq.acronym = saved
	}
	if pq.intent == IntentDefine {
		if a, ok := b.define(ctx, pq, ans); ok {
			return a
		}
	}
	// "What is X's job?", "What position does X hold?", "What does X do?": who X is.
	if pq.intent == IntentWhat && (containsAny(pq.lower, "job", "position", "role", "title", "occupation", "profession", "post ") ||
		pq.asksWhatPersonDoes()) {
		if a, ok := b.whoIs(ctx, pq.withoutRoleWords(), ans); ok {
			return a
		}
	}
	// A bare name ("Godfrey Otunge?") asks who that is.
	if pq.intent == IntentOther || pq.intent == IntentWho {
		if a, ok := b.whoIs(ctx, pq, ans); ok {
			return a
		}
	}
	ev, err := b.gather(ctx, pq, 20)
	if err != nil {
		b.log.Error("search failed", "err", err)
		ans.Text = "Sorry, I couldn't search the sources just now."
		return ans
	}
	good := goodEvidence(pq, ev)
	pq.evidence = ev
	var res *result
	if pq.intent == IntentDerived && len(good) == 0 {
		// Two figures from two sentences: each half of the question finds its own.
		if i := strings.Index(pq.lower, " than "); i > 0 {
			res = b.crossDerived(pq, i)
		}
	} else if len(good) > 0 {
		switch pq.intent {
		case IntentCount:
			res = b.count(pq, good)
		case IntentDerived:
			res = b.derived(pq, good)
		case IntentWho:
			res = b.who(pq, good)
		case IntentWhen:
			res = b.when(pq, good)
		case IntentWhere:
			res = b.where(pq, good)
		case IntentWhich:
			res = b.which(pq, good)
		case IntentYesNo:
			res = b.yesno(pq, good)
		case IntentWhy:
			res = b.why(pq, good)
		case IntentWhat, IntentOther:
			res = b.what(pq, good)
		}
	}
	if res == nil {
		return b.abstain(pq, ans, ev)
	}
	ans.Answered = true
	ans.Text, ans.Short = res.text, res.short
	ans.Confidence = res.conf
	for _, e := range res.evidence {
		ans.Sources = append(ans.Sources, sourceOf(e.hit.Sentence))
	}
	return ans
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
	return Source{Doc: s.Doc, Title: s.Title, Date: corpus.DateString(s.Date), Text: s.Text}
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
