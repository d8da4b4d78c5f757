// Package feedback records the 👍/👎 votes people give the bot's answers:
// each answer shown with vote buttons is remembered under an id, and a
// click on one is recorded once per user and answer (a repeated click
// changes the vote). Votes are counted through a callback and, when a file
// is given, appended to it as JSON lines, one fsynced line a vote, so that a
// crash loses nothing. User ids are written only as a keyed hash. It knows
// no chat platform.
package feedback

import (
	"container/list"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"mssmbot/bot"
)

// Votes.
const (
	Up   = "up"
	Down = "down"
)

// Record is one vote as the file holds it: one JSON object a line.
type Record struct {
	Time     time.Time `json:"time"`
	Platform string    `json:"platform"`
	// User is the HMAC-SHA256 of the platform and user id under the
	// recorder's key (hex, 128 bits): the same user gives the same value
	// while the key is kept, and the id cannot be read back.
	User     string       `json:"user"`
	AnswerID string       `json:"answer_id"`
	Vote     string       `json:"vote"`
	Question string       `json:"question"`
	Answer   string       `json:"answer"`
	Short    string       `json:"short,omitempty"`
	Answered bool         `json:"answered"`
	Sources  []bot.Source `json:"sources"`
	// Changed: the user had voted the other way on this answer before.
	Changed bool `json:"changed,omitempty"`
	// Unknown: the answer was not remembered here (given by another replica,
	// or before a restart): Answer is the text the platform showed.
	Unknown bool `json:"unknown,omitempty"`
}

// Result is what a vote did.
type Result int

// Results of Vote.
const (
	Recorded Result = iota // a first vote by this user on this answer
	Changed                // a vote the other way than before
	Same                   // the same vote again: nothing recorded
)

// Options configure a Recorder.
type Options struct {
	// File, when set, receives one JSON line a vote.
	File string
	// Key is the HMAC key for user ids; empty means a random key for this
	// process (hashes then differ after a restart).
	Key []byte
	// Answers is how many answers are remembered for voting (0 means 10,000);
	// the oldest go first. Votes per user and answer are kept as long.
	Answers int
	// OnVote, when set, is called for every recorded vote (not for Same).
	OnVote func(platform, vote string)
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Recorder remembers answers and records votes. It is safe for concurrent use.
type Recorder struct {
	opt  Options
	mu   sync.Mutex
	file *os.File
	// answers by id, oldest first; each also holds the votes cast on it.
	order *list.List
	byID  map[string]*list.Element
	// recent are the last votes recorded, oldest first (for the operator's report).
	recent []Record
}

// recentVotes is how many recorded votes Recent can return.
const recentVotes = 200

type entry struct {
	id       string
	platform string
	q        bot.Question
	a        bot.Answer
	votes    map[string]string // user hash -> vote
}

// New returns a Recorder, opening (creating) opt.File for appending.
func New(opt Options) (*Recorder, error) {
	if opt.Answers <= 0 {
		opt.Answers = 10000
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if len(opt.Key) == 0 {
		opt.Key = make([]byte, 32)
		if _, err := rand.Read(opt.Key); err != nil {
			return nil, fmt.Errorf("feedback: key: %w", err)
		}
	}
	r := &Recorder{opt: opt, order: list.New(), byID: map[string]*list.Element{}}
	if opt.File != "" {
		f, err := os.OpenFile(opt.File, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("feedback: open %s: %w", opt.File, err)
		}
		r.file = f
	}
	return r, nil
}

// Close closes the file.
func (r *Recorder) Close() error {
	if r == nil || r.file == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	err := r.file.Close()
	r.file = nil
	return err
}

// Wants reports whether an answer is shown with vote buttons: answers and
// abstentions, not refusals, usage hints, help or small talk.
func Wants(a bot.Answer) bool {
	switch a.Intent {
	case bot.IntentRefused, bot.IntentEmpty, bot.IntentHelp, bot.IntentSmallTalk:
		return false
	}
	return true
}

// Remember keeps q and its answer a for voting and returns the id the vote
// buttons carry; "" when a takes no votes (see Wants) or r is nil.
func (r *Recorder) Remember(q bot.Question, a bot.Answer) string {
	if r == nil || !Wants(a) {
		return ""
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return ""
	}
	id := hex.EncodeToString(b[:])
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byID[id] = r.order.PushBack(&entry{id: id, platform: q.Platform, q: q, a: a, votes: map[string]string{}})
	for r.order.Len() > r.opt.Answers {
		old := r.order.Front()
		r.order.Remove(old)
		delete(r.byID, old.Value.(*entry).id)
	}
	return id
}

// Known reports whether id is an answer this recorder remembers.
func (r *Recorder) Known(id string) bool {
	if r == nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	el, ok := r.byID[id]
	return ok && el.Value.(*entry).q.Text != ""
}

// ErrBadVote is returned for a vote other than Up or Down, or without an
// answer id or user.
var ErrBadVote = errors.New("feedback: bad vote")

// Vote records user's vote on the answer id, given on platform. shown is the
// answer's text as the platform showed it, recorded when the id is not
// remembered here. A vote is recorded once per user and answer; the same
// vote again records nothing, the other vote changes it.
func (r *Recorder) Vote(platform, user, id, vote, shown string) (Result, error) {
	if vote != Up && vote != Down || id == "" || user == "" {
		return Same, ErrBadVote
	}
	who := r.hash(platform, user)
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := Record{Time: r.opt.Now().UTC(), Platform: platform, User: who, AnswerID: id, Vote: vote, Sources: []bot.Source{}}
	res := Recorded
	if el, ok := r.byID[id]; ok {
		e := el.Value.(*entry)
		switch e.votes[who] {
		case vote:
			return Same, nil
		case "":
		default:
			res, rec.Changed = Changed, true
		}
		e.votes[who] = vote
		rec.Question, rec.Answer, rec.Short, rec.Answered = e.q.Text, e.a.Text, e.a.Short, e.a.Answered
		rec.Sources = append(rec.Sources, e.a.Sources...)
	} else {
		// Not remembered: keep the vote (deduplicated from now on) with what
		// the platform showed.
		e := &entry{id: id, platform: platform, votes: map[string]string{who: vote}}
		r.byID[id] = r.order.PushBack(e)
		rec.Answer, rec.Unknown = shown, true
	}
	r.recent = append(r.recent, rec)
	if len(r.recent) > recentVotes {
		r.recent = append(r.recent[:0:0], r.recent[len(r.recent)-recentVotes:]...)
	}
	if err := r.write(rec); err != nil {
		return res, err
	}
	if r.opt.OnVote != nil {
		r.opt.OnVote(platform, vote)
	}
	return res, nil
}

// Recent returns the last votes of the given kind (Up or Down) recorded by
// this process, newest first, at most n; a changed vote shows only as its
// latest.
func (r *Recorder) Recent(vote string, n int) []Record {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	latest := map[string]bool{} // user+answer already seen, newer first
	var out []Record
	for i := len(r.recent) - 1; i >= 0 && len(out) < n; i-- {
		rec := r.recent[i]
		k := rec.User + "\x00" + rec.AnswerID
		if latest[k] {
			continue
		}
		latest[k] = true
		if rec.Vote == vote {
			out = append(out, rec)
		}
	}
	return out
}

// write appends rec as one line and syncs it to disk. r.mu is held.
func (r *Recorder) write(rec Record) error {
	if r.file == nil {
		return nil
	}
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("feedback: encode: %w", err)
	}
	line = append(line, '\n')
	if _, err := r.file.Write(line); err != nil {
		return fmt.Errorf("feedback: write %s: %w", r.opt.File, err)
	}
	if err := r.file.Sync(); err != nil {
		return fmt.Errorf("feedback: sync %s: %w", r.opt.File, err)
	}
	return nil
}

// hash is the keyed hash of a platform's user id.
func (r *Recorder) hash(platform, user string) string {
	m := hmac.New(sha256.New, r.opt.Key)
	m.Write([]byte(platform))
	m.Write([]byte{0})
	m.Write([]byte(user))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Thanks is the confirmation shown (only to the voter) after a vote.
func Thanks(res Result, vote string) string {
	mark := "👍"
	if vote == Down {
		mark = "👎"
	}
	switch res {
	case Changed:
		return "Vote changed to " + mark + ". Thanks for the feedback."
	case Same:
		return "Your " + mark + " is already recorded."
	}
	return "Thanks for the feedback " + mark + "."
}

// ReadFile reads the votes a Recorder appended to file, in order; a bad line
// is an error naming it.
func ReadFile(file string) ([]Record, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("feedback: %w", err)
	}
	var out []Record
	for n, l := range strings.Split(string(raw), "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		var r Record
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			return nil, fmt.Errorf("feedback: %s:%d: %w", file, n+1, err)
		}
		out = append(out, r)
	}
	return out, nil
}
