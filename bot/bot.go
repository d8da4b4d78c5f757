package bot

import (
	"context"
	"log/slog"
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
	return &Bot{ix: ix, log: logger}
}

// Ask answers one question. It never panics and never returns an error: a
// question it cannot answer gets an Answer with Answered false.
// STUB: word overlap; replaced by the intent handlers.
func (b *Bot) Ask(ctx context.Context, question string) Answer {
	q := strings.TrimSpace(question)
	a := Answer{Question: question, Intent: IntentOther, Sources: []Source{}}
	if q == "" {
		a.Intent = IntentEmpty
		a.Text = "Ask me a question about the documents, e.g. \"Who leads the mission?\""
		return a
	}
	if len(q) > MaxQuestionLen {
		a.Intent = IntentRefused
		a.Text = "That question is too long (over 1,000 characters); please ask something shorter."
		return a
	}
	best, score := corpus.Sentence{}, 0
	for _, d := range b.ix.Documents() {
		for _, s := range d.Sentences {
			n := 0
			for _, w := range strings.Fields(strings.ToLower(q)) {
				if len(w) > 3 && strings.Contains(strings.ToLower(s.Text), w) {
					n++
				}
			}
			if n > score {
				best, score = s, n
			}
		}
	}
	if score == 0 {
		a.Text = "The sources don't answer that."
		return a
	}
	a.Answered, a.Text, a.Short, a.Confidence = true, best.Text, best.Text, 0.5
	if len(a.Short) > 80 {
		a.Short = a.Short[:80]
	}
	a.Sources = []Source{{Doc: best.Doc, Title: best.Title, Date: corpus.DateString(best.Date), Text: best.Text}}
	return a
}
