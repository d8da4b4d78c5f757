// Package history keeps what people asked — for the operator's report of
// questions answered and abstained, and of the most frequent unanswered
// ones — bounded to the last questions and optionally persisted as JSON
// lines so that a restart keeps the report. Questions asked privately (DMs,
// private commands) are never kept.
package history

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Entry is one question as the history keeps it.
type Entry struct {
	Time     time.Time `json:"time"`
	Platform string    `json:"platform"`
	Question string    `json:"question"`
	Intent   string    `json:"intent"`
	Answered bool      `json:"answered"`
}

// History is a bounded log of questions. It is safe for concurrent use.
type History struct {
	mu      sync.Mutex
	limit   int
	entries []Entry // oldest first, at most limit
	file    *os.File
	path    string
}

// DefaultLimit is how many questions are kept by default.
const DefaultLimit = 10000

// Open returns a history of the last limit questions (0 means
// DefaultLimit); with path set, it first reads the questions kept there
// and appends every new one. A bad line is an error naming it.
func Open(path string, limit int) (*History, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	h := &History{limit: limit, path: path}
	if path == "" {
		return h, nil
	}
	if f, err := os.Open(path); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for n := 1; sc.Scan(); n++ {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var e Entry
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				f.Close()
				return nil, fmt.Errorf("history: %s:%d: %w", path, n, err)
			}
			h.keep(e)
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("history: read %s: %w", path, err)
		}
	} else if !os.IsNotExist(err) {
		return nil, fmt.Errorf("history: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("history: open %s: %w", path, err)
	}
	h.file = f
	return h, nil
}

// keep adds e, dropping the oldest over the limit. h.mu is held (or h is new).
func (h *History) keep(e Entry) {
	h.entries = append(h.entries, e)
	if over := len(h.entries) - h.limit; over > 0 {
		h.entries = append(h.entries[:0:0], h.entries[over:]...)
	}
}

// Add records one question; private ones are ignored.
func (h *History) Add(e Entry, private bool) {
	if h == nil || private || strings.TrimSpace(e.Question) == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.keep(e)
	if h.file != nil {
		if b, err := json.Marshal(e); err == nil {
			h.file.Write(append(b, '\n'))
		}
	}
}

// Close closes the file.
func (h *History) Close() error {
	if h == nil || h.file == nil {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	err := h.file.Close()
	h.file = nil
	return err
}

// Len is how many questions are kept.
func (h *History) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.entries)
}

// Hour is one hour's count of questions.
type Hour struct {
	Start               time.Time
	Answered, Abstained int
}

// PerHour counts the questions of the last n hours up to now, oldest first.
func (h *History) PerHour(now time.Time, n int) []Hour {
	h.mu.Lock()
	defer h.mu.Unlock()
	end := now.Truncate(time.Hour).Add(time.Hour)
	start := end.Add(-time.Duration(n) * time.Hour)
	out := make([]Hour, n)
	for i := range out {
		out[i].Start = start.Add(time.Duration(i) * time.Hour)
	}
	for _, e := range h.entries {
		if e.Time.Before(start) || !e.Time.Before(end) {
			continue
		}
		i := int(e.Time.Sub(start) / time.Hour)
		if e.Answered {
			out[i].Answered++
		} else {
			out[i].Abstained++
		}
	}
	return out
}

// Unanswered is one question the bot could not answer, as asked most.
type Unanswered struct {
	Question string    // the latest wording
	Key      string    // the normalized text it is grouped by
	Count    int       // how often
	Last     time.Time // when last asked
}

// Unanswered groups the questions not answered by their normalized text,
// most frequent first (then the latest), at most n.
func (h *History) Unanswered(n int) []Unanswered {
	h.mu.Lock()
	byKey := map[string]*Unanswered{}
	for _, e := range h.entries {
		if e.Answered || e.Intent == "smalltalk" || e.Intent == "empty" || e.Intent == "refused" || e.Intent == "dropped" {
			continue
		}
		k := Normalize(e.Question)
		if k == "" {
			continue
		}
		u := byKey[k]
		if u == nil {
			u = &Unanswered{Key: k}
			byKey[k] = u
		}
		u.Count++
		if !e.Time.Before(u.Last) {
			u.Last, u.Question = e.Time, e.Question
		}
	}
	h.mu.Unlock()
	out := make([]Unanswered, 0, len(byKey))
	for _, u := range byKey {
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		if !out[i].Last.Equal(out[j].Last) {
			return out[i].Last.After(out[j].Last)
		}
		return out[i].Key < out[j].Key
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Normalize is the text questions are grouped by: lower case, letters and
// digits only, single spaces ("How many officers?" and "how many  officers"
// are one).
func Normalize(q string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(q) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		default:
			space = true
		}
	}
	return b.String()
}
