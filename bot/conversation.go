package bot

// Follow-ups. A conversation keeps the last answered Analysis (a Turn); a
// question that lacks a subject, an intent or a focus is completed from it
// before retrieval — an Analysis completed from the one before, never a
// rebuilt question string. complete is the one place that decides how.

import (
	"container/list"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"time"

	"mssmbot/corpus"
)

// Turn is what a conversation keeps of its last answered question: the
// completed Analysis and the answer's span and intent.
type Turn struct {
	a      *Analysis
	short  string
	intent string
}

// Follow is how a question was completed from the turn before.
type Follow string

// The kinds of follow-up.
const (
	// FollowNone: the question is whole by itself (or there was no turn before).
	FollowNone Follow = ""
	// FollowEllipsis: "and Chile?", "what about in June?" — the last question
	// again, with what the follow-up names in place of what it replaces.
	FollowEllipsis Follow = "ellipsis"
	// FollowIntent: "why?", "since when?", "how many of them?" — a new
	// intent about the last question's subject and answer.
	FollowIntent Follow = "intent"
	// FollowPronoun: "what did he confirm?", "when did it start?" — the
	// pronoun stands for the last question's subject or answer.
	FollowPronoun Follow = "pronoun"
)

// ellipsisLead starts an elliptical follow-up.
var ellipsisLead = regexp.MustCompile(`(?i)^(?:(?:(?:and|or|but|also|plus)\s+)?(?:(?:what|how)\s+about|what\s+of|same\s+for)\b[\s,]*|(?:and|or|also|plus)\b[\s,]*)`)

// pronounKind is what a personal pronoun stands for: a person or a thing
// (a group, an organization, what was asked about).
var pronounKind = map[string]string{
	"he": "person", "him": "person", "his": "person", "she": "person", "her": "person", "hers": "person",
	"it": "thing", "its": "thing", "they": "thing", "them": "thing", "their": "thing", "theirs": "thing",
}

// ctxStart is the offset given to a term taken from the conversation: it
// stands in no word of the question's own text.
const ctxStart = 1 << 30

// followLead splits an elliptical lead off text: "and Chile?" -> "Chile?".
func followLead(text string) (string, bool) {
	loc := ellipsisLead.FindStringIndex(text)
	if loc == nil || loc[1] == 0 {
		return text, false
	}
	rest := strings.TrimSpace(text[loc[1]:])
	if strings.Trim(rest, "?!., ") == "" {
		return text, false
	}
	return rest, true
}

// pronouns returns the kinds of the personal pronouns in toks.
func pronouns(toks []corpus.Token) (person, thing bool) {
	for _, t := range toks {
		switch pronounKind[t.Lower()] {
		case "person":
			person = true
		case "thing":
			thing = true
		}
	}
	return person, thing
}

// ownTerms counts a question's content terms: names, and words WordNet
// has as a noun, verb or adjective (or does not have at all). Pronouns,
// words that are only adverbs ("then", "actually") and the words of the
// asking phrase before its asking word ("since when", "for how long") are
// left out.
func (b *Bot) ownTerms(a *Analysis) int {
	n := 0
	for _, t := range a.q.terms {
		w := strings.ToLower(t.word)
		switch {
		case pronounKind[w] != "" || t.start < a.WhAt:
		case t.person || t.key || t.country != "" || b.lex == nil:
			n++
		default:
			base := b.lex.Base(w)
			if !b.lex.Has(base) || b.lex.IsNoun(base) || b.lex.IsVerb(base) || b.lex.IsAdj(base) {
				n++
			}
		}
	}
	return n
}

// complete fills what cur lacks from the conversation's last turn, and says
// how; lead reports that cur's text came after an elliptical lead ("and",
// "what about"). A question whole by itself, or with no turn before it, is
// returned as it is.
func (b *Bot) complete(cur *Analysis, lead bool, prev *Turn) (*Analysis, Follow) {
	if prev == nil || prev.a == nil || cur.Intent == IntentHelp {
		return cur, FollowNone
	}
	person, thing := pronouns(cur.q.toks)
	switch {
	case cur.Wh == WhOther && (lead || bareNames(cur)):
		return b.ellipsis(cur, prev), FollowEllipsis
	case cur.Wh != WhOther && b.ownTerms(cur) == 0:
		return b.newIntent(cur, prev), FollowIntent
	case person || thing:
		return b.resolve(cur, prev, person), FollowPronoun
	}
	return cur, FollowNone
}

// bareNames: the question is nothing but a name or two ("iceland?",
// "Otunge?"), which after a question continues it.
func bareNames(a *Analysis) bool {
	words := 0
	for _, t := range a.q.toks {
		if t.IsWord() {
			words++
		}
	}
	if words == 0 || words > 3 || len(a.q.terms) == 0 {
		return false
	}
	for _, t := range a.q.terms {
		if !t.person && t.country == "" && !t.key {
			return false
		}
	}
	return true
}

// ellipsis is the last question again with what cur names in place of what
// it replaces: a country for a country, a person for a person, a time for a
// time, a noun for the focus; anything else is added.
func (b *Bot) ellipsis(cur *Analysis, prev *Turn) *Analysis {
	a := prev.a.clone(cur.Raw)
	var countries, persons, others []qterm
	for _, t := range cur.q.terms {
		t.start = ctxStart
		switch {
		case t.country != "":
			countries = append(countries, t)
		case t.person:
			persons = append(persons, t)
		default:
			others = append(others, t)
		}
	}
	drop := func(keep func(qterm) bool) {
		kept := a.q.terms[:0:0]
		for _, t := range a.q.terms {
			if keep(t) {
				kept = append(kept, t)
			}
		}
		a.q.terms = kept
	}
	if len(countries) > 0 {
		drop(func(t qterm) bool { return t.country == "" })
		a.q.countries = cur.q.countries
	}
	if len(persons) > 0 {
		drop(func(t qterm) bool { return !t.person })
		a.q.names = cur.q.names
	}
	if len(cur.Years) > 0 || len(cur.q.calendar) > 0 {
		drop(func(t qterm) bool { _, num := parseNum(t.word); return !num && !calendarWord(t.word) })
		a.Years, a.q.calendar, a.Months = cur.Years, cur.q.calendar, cur.Months
		for _, m := range cur.q.calendar {
			others = append(others, b.wordTerm(m))
		}
	}
	if len(others) > 0 && len(countries) == 0 && len(persons) == 0 && len(cur.q.calendar) == 0 {
		if len(a.q.focus) > 0 {
			// "how many engineers ..." then "and doctors?": the focus replaced.
			drop(func(t qterm) bool { return !a.q.isFocus(t) })
		} else {
			// "who's the coordinator at ALS" then "and the chief driller?":
			// the role replaced; the names kept, but no longer required.
			drop(func(t qterm) bool { return t.key || t.person || t.country != "" })
			for i := range a.q.terms {
				if a.q.terms[i].country == "" && !a.q.terms[i].person {
					a.q.terms[i].key = false
				}
			}
		}
		a.q.focus, a.q.focusWord, a.Focus = cur.q.focus, cur.q.focusWord, cur.Focus
		if len(a.q.focus) == 0 && a.Focus == "" && a.Wh != WhWho && len(others) > 0 {
			a.q.focusWord = strings.ToLower(others[0].word)
			a.q.focus = others[0].stems
			a.Focus = a.q.focusWord
		}
	}
	a.q.terms = append(a.q.terms, countries...)
	a.q.terms = append(a.q.terms, persons...)
	a.q.terms = append(a.q.terms, others...)
	a.extra = termWords(cur.q.terms)
	return a
}

// newIntent asks cur's question of the last question's subject and answer:
// "since when?" after "who leads the mission?" answered "Godfrey Otunge"
// asks when about leading the mission and Godfrey Otunge.
func (b *Bot) newIntent(cur *Analysis, prev *Turn) *Analysis {
	a := cur.clone(cur.Raw)
	for _, t := range prev.a.q.terms {
		t.start = ctxStart
		a.q.terms = append(a.q.terms, t)
	}
	a.q.countries = append(a.q.countries, prev.a.q.countries...)
	a.q.names = append(a.q.names, prev.a.q.names...)
	if entityAnswer(prev.intent) {
		b.addAnswer(a, prev)
	}
	if len(a.q.focus) == 0 || pronounKind[a.q.focusWord] != "" || b.stops.index(a.q.focusWord) >= 0 {
		a.q.focus, a.q.focusWord, a.Focus = prev.a.q.focus, prev.a.q.focusWord, prev.a.Focus
	}
	if len(a.Years) == 0 && len(a.Months) == 0 {
		a.Years, a.Months = prev.a.Years, prev.a.Months
	}
	a.extra = termWords(a.q.terms)
	return a
}

// resolve puts the last turn's subject in place of cur's pronouns: for he
// or she the person it asked about or answered with, for it or they what it
// named (an organization, a country, an acronym) and what it asked about.
func (b *Bot) resolve(cur *Analysis, prev *Turn, person bool) *Analysis {
	a := cur.clone(cur.Raw)
	var add []qterm
	if person {
		if prev.intent == IntentWho && prev.short != "" {
			for _, t := range b.answerTerms(prev.short) {
				if t.person {
					add = append(add, t)
				}
			}
		}
		if len(add) == 0 {
			for _, t := range prev.a.q.terms {
				if t.person {
					add = append(add, t)
				}
			}
		}
	} else {
		for _, t := range prev.a.q.terms {
			if !t.person && (t.key || t.country != "" || isUpperWord(t.word) || prev.a.q.isFocus(t)) {
				add = append(add, t)
			}
		}
		if len(add) == 0 && entityAnswer(prev.intent) {
			add = b.answerTerms(prev.short)
		}
	}
	for _, t := range add {
		t.start = ctxStart
		if t.person && !contains(a.q.names, t.word) {
			a.q.names = append(a.q.names, t.word)
		}
		if t.country != "" {
			a.q.countries = append(a.q.countries, t.country)
		}
		a.q.terms = append(a.q.terms, t)
	}
	a.extra = termWords(add)
	return a
}

// entityAnswer: an answer of this intent names a thing a follow-up may ask about.
func entityAnswer(intent string) bool {
	switch intent {
	case IntentWho, IntentWhich, IntentWhere, IntentWhat, IntentDefine:
		return true
	}
	return false
}

// addAnswer adds the terms of the last answer's span to a.
func (b *Bot) addAnswer(a *Analysis, prev *Turn) {
	for _, t := range b.answerTerms(prev.short) {
		t.start = ctxStart
		if t.person && !contains(a.q.names, t.word) {
			a.q.names = append(a.q.names, t.word)
		}
		a.q.terms = append(a.q.terms, t)
	}
}

// answerTerms are the content terms of an answer span, read as a question
// would be; a name among them must be in the evidence, other words need not.
func (b *Bot) answerTerms(short string) []qterm {
	if strings.TrimSpace(short) == "" {
		return nil
	}
	var out []qterm
	for _, t := range parse(b.ix, short).terms {
		if !t.person && t.country == "" {
			t.key = false
		}
		if t.missing {
			continue
		}
		out = append(out, t)
	}
	return out
}

// wordTerm is a term for one word as the index analyzes it.
func (b *Bot) wordTerm(w string) qterm {
	t := qterm{word: w, start: ctxStart}
	if ts := b.ix.Analyze(w); len(ts) > 0 {
		t.stem = ts[0].Stem
		if b.ix.DocFreq(t.stem) > 0 {
			t.stems = []string{t.stem}
			t.weight = b.ix.IDF(t.stem)
			return t
		}
	}
	t.missing = true
	return t
}

// termWords are the lower-case words of terms.
func termWords(ts []qterm) []string {
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, strings.ToLower(t.word))
	}
	return out
}

// clone copies a so that completing it changes neither it nor the turn it
// came from; raw is the question as received.
func (a *Analysis) clone(raw string) *Analysis {
	c := *a
	c.Raw = raw
	q := *a.q
	q.terms = append([]qterm(nil), a.q.terms...)
	q.countries = append([]string(nil), a.q.countries...)
	q.names = append([]string(nil), a.q.names...)
	q.calendar = append([]string(nil), a.q.calendar...)
	q.evidence = nil
	c.q = &q
	c.words = nil
	c.Years = append([]int(nil), a.Years...)
	c.Months = append([]string(nil), a.Months...)
	return &c
}

// Conversations keeps the last answered Turn of each conversation, at most
// limit of them and each for ttl after its last use; the least recently used
// goes first. It is safe for concurrent use.
type Conversations struct {
	mu    sync.Mutex
	limit int
	ttl   time.Duration
	now   func() time.Time
	order *list.List // of *convEntry, least recently used first
	byKey map[string]*list.Element
}

type convEntry struct {
	key  string
	turn *Turn
	at   time.Time
}

// Defaults for NewConversations.
const (
	DefaultConversations   = 10000
	DefaultConversationTTL = 30 * time.Minute
)

// NewConversations returns a store of at most limit conversations, each
// forgotten ttl after its last question (0 means the defaults).
func NewConversations(limit int, ttl time.Duration) *Conversations {
	if limit <= 0 {
		limit = DefaultConversations
	}
	if ttl <= 0 {
		ttl = DefaultConversationTTL
	}
	return &Conversations{limit: limit, ttl: ttl, now: time.Now, order: list.New(), byKey: map[string]*list.Element{}}
}

// Len is how many conversations are kept now.
func (c *Conversations) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(c.now())
	return c.order.Len()
}

// MaxConversationID bounds a conversation id a client gives back.
const MaxConversationID = 128

// ValidConversationID: id is one a client may give back — at most
// MaxConversationID bytes of valid UTF-8 without control characters.
func ValidConversationID(id string) bool { return len(id) <= MaxConversationID && controlFree(id) }

// NewConversationID is a random conversation id (24 hex characters) for a
// client that starts a conversation without one.
func NewConversationID() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b[:])
}

// ConversationStore keeps the last answered Turn of each conversation: in
// this process (*Conversations), or shared by replicas (package store).
type ConversationStore interface {
	// Load returns the last turn of conversation key, or nil.
	Load(key string) *Turn
	// Store makes t the last turn of conversation key.
	Store(key string, t *Turn)
}

// Load returns the last turn of conversation key, or nil.
func (c *Conversations) Load(key string) *Turn {
	if c == nil || key == "" {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	c.expire(now)
	el, ok := c.byKey[key]
	if !ok {
		return nil
	}
	return el.Value.(*convEntry).turn
}

// Store makes t the last turn of conversation key.
func (c *Conversations) Store(key string, t *Turn) {
	if c == nil || key == "" || t == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if el, ok := c.byKey[key]; ok {
		e := el.Value.(*convEntry)
		e.turn, e.at = t, now
		c.order.MoveToBack(el)
	} else {
		c.byKey[key] = c.order.PushBack(&convEntry{key: key, turn: t, at: now})
	}
	c.expire(now)
}

// expire drops the conversations past their time and those over the limit.
func (c *Conversations) expire(now time.Time) {
	for el := c.order.Front(); el != nil; el = c.order.Front() {
		e := el.Value.(*convEntry)
		if c.order.Len() <= c.limit && now.Sub(e.at) < c.ttl {
			return
		}
		c.order.Remove(el)
		delete(c.byKey, e.key)
	}
}

// turnJSON is a Turn as a shared store keeps it.
type turnJSON struct {
	Raw, Text, Intent, Focus, Short, AnswerIntent string
	Wh                                            Wh
	WhAt                                          int
	Negated, Initial                              bool
	Years                                         []int
	Months, Extra                                 []string
	Follow                                        Follow
	Q                                             questionJSON
}

type questionJSON struct {
	Text, Intent, FocusWord, Acronym                                            string
	Terms                                                                       []termJSON
	Focus, Calendar, Countries, Names                                           []string
	Plural, Passive, ObjectQ, SubjectQ, UnknownFocus, HowMuch, Percent, HowLong bool
}

type termJSON struct {
	Word, Stem, Country  string
	Stems                []string
	Weight               float64
	Person, Key, Missing bool
	Start                int
}

// MarshalJSON encodes the turn for a store shared by replicas.
func (t *Turn) MarshalJSON() ([]byte, error) {
	a := t.a
	q := a.q
	j := turnJSON{Raw: a.Raw, Text: a.Text, Intent: a.Intent, Focus: a.Focus, Short: t.short, AnswerIntent: t.intent,
		Wh: a.Wh, WhAt: a.WhAt, Negated: a.Negated, Initial: a.Initial, Years: a.Years, Months: a.Months, Extra: a.extra, Follow: a.Follow,
		Q: questionJSON{Text: q.text, Intent: q.intent, FocusWord: q.focusWord, Acronym: q.acronym, Focus: q.focus, Calendar: q.calendar,
			Countries: q.countries, Names: q.names, Plural: q.plural, Passive: q.passive, ObjectQ: q.objectQ, SubjectQ: q.subjectQ,
			UnknownFocus: q.unknownFocus, HowMuch: q.howMuch, Percent: q.wantPercent, HowLong: q.howLong}}
	for _, x := range q.terms {
		j.Q.Terms = append(j.Q.Terms, termJSON{Word: x.word, Stem: x.stem, Country: x.country, Stems: x.stems, Weight: x.weight,
			Person: x.person, Key: x.key, Missing: x.missing, Start: x.start})
	}
	return json.Marshal(j)
}

// UnmarshalJSON decodes a turn MarshalJSON encoded.
func (t *Turn) UnmarshalJSON(data []byte) error {
	var j turnJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	q := &question{text: j.Q.Text, lower: strings.ToLower(j.Q.Text), intent: j.Q.Intent, toks: corpus.Tokenize(j.Q.Text),
		focus: j.Q.Focus, focusWord: j.Q.FocusWord, acronym: j.Q.Acronym, calendar: j.Q.Calendar, countries: j.Q.Countries,
		names: j.Q.Names, plural: j.Q.Plural, passive: j.Q.Passive, objectQ: j.Q.ObjectQ, subjectQ: j.Q.SubjectQ,
		unknownFocus: j.Q.UnknownFocus, howMuch: j.Q.HowMuch, wantPercent: j.Q.Percent, howLong: j.Q.HowLong}
	for _, x := range j.Q.Terms {
		q.terms = append(q.terms, qterm{word: x.Word, stem: x.Stem, country: x.Country, stems: x.Stems, weight: x.Weight,
			person: x.Person, key: x.Key, missing: x.Missing, start: x.Start})
	}
	*t = Turn{short: j.Short, intent: j.AnswerIntent, a: &Analysis{Raw: j.Raw, Text: j.Text, Intent: j.Intent, Focus: j.Focus,
		Wh: j.Wh, Class: classOf(j.Wh, j.Intent), WhAt: j.WhAt, Negated: j.Negated, Initial: j.Initial, Years: j.Years, Months: j.Months, extra: j.Extra,
		Follow: j.Follow, q: q}}
	return nil
}
