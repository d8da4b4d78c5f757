// Package evalset reads evaluation question files (one JSON object a line)
// and scores answers by their rules: expect patterns must match the answer,
// reject patterns must not, abstain questions must abstain; strictly, the
// expect patterns must also match the short answer.
package evalset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	"mssmbot/bot"
)

// Case is one question of a set.
type Case struct {
	ID         string   `json:"id"`
	Kind       string   `json:"kind"`
	Q          string   `json:"q"`
	Expect     []string `json:"expect"`
	Reject     []string `json:"reject"`
	Abstain    bool     `json:"abstain"`
	MayAbstain bool     `json:"may_abstain"`

	expect, reject []*regexp.Regexp
}

// Read parses a question file; a bad line is an error naming its line.
func Read(name string, r io.Reader) ([]Case, error) {
	var out []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" {
			continue
		}
		var c Case
		if err := json.Unmarshal([]byte(s), &c); err != nil {
			return nil, fmt.Errorf("evalset: %s:%d: %w", name, line, err)
		}
		for _, p := range c.Expect {
			re, err := regexp.Compile("(?i)" + p)
			if err != nil {
				return nil, fmt.Errorf("evalset: %s:%d: expect %q: %w", name, line, p, err)
			}
			c.expect = append(c.expect, re)
		}
		for _, p := range c.Reject {
			re, err := regexp.Compile("(?i)" + p)
			if err != nil {
				return nil, fmt.Errorf("evalset: %s:%d: reject %q: %w", name, line, p, err)
			}
			c.reject = append(c.reject, re)
		}
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("evalset: %s: %w", name, err)
	}
	return out, nil
}

// Score says whether a passes c, and whether it passes strictly.
func (c Case) Score(a bot.Answer) (pass, strict bool) {
	for _, re := range c.reject {
		if re.MatchString(a.Text) {
			return false, false
		}
	}
	if c.Abstain {
		return !a.Answered, !a.Answered
	}
	if c.MayAbstain && !a.Answered {
		return true, true
	}
	if !a.Answered || len(a.Text) > 300 {
		return false, false
	}
	for _, re := range c.expect {
		if !re.MatchString(a.Text) {
			return false, false
		}
	}
	if len(a.Short) > 80 {
		return true, false
	}
	for _, re := range c.expect {
		if !re.MatchString(a.Short) {
			return true, false
		}
	}
	return true, true
}

// Label rates a as an answer to c, in [0, 1], for fitting the scorer: 0 when
// a reject pattern matches its text or c is not answerable, else the share of
// the expect patterns matching its short answer (or, at half weight, its text).
func (c Case) Label(a bot.Answer) float64 {
	if c.Abstain {
		return 0
	}
	for _, re := range c.reject {
		if re.MatchString(a.Text) {
			return 0
		}
	}
	if len(c.expect) == 0 {
		return 0
	}
	got := 0.0
	for _, re := range c.expect {
		switch {
		case re.MatchString(a.Short):
			got++
		case re.MatchString(a.Text):
			got += 0.5
		}
	}
	return got / float64(len(c.expect))
}
