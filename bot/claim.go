package bot

// "Ask about this message": a chat message is answered as a question when
// it asks one, and checked as a claim when it states one.

import (
	"context"
	"strings"

	"mssmbot/corpus"
)

// ModeAbout is Question.Mode for a message a user picked ("ask about this
// message"): a question is answered, a statement checked against the sources.
const ModeAbout = "about"

// IntentClaim is the intent of a checked statement; its Short is one of the
// Claim* verdicts.
const IntentClaim = "claim"

// Verdicts on a claim, in Answer.Short.
const (
	ClaimSupported    = "supported"
	ClaimContradicted = "contradicted"
	ClaimNotFound     = "not found"
)

// About answers a message a user picked: as a question when it asks one
// (a question mark, or an asking word first), else as a claim to check.
func (b *Bot) About(ctx context.Context, message string) Answer {
	text := strings.TrimSpace(chatText(message))
	if asksQuestion(text) {
		return b.Ask(ctx, message)
	}
	return b.Claim(ctx, message)
}

// asksQuestion: text ends with a question mark or starts with an asking word.
func asksQuestion(text string) bool {
	if strings.HasSuffix(strings.TrimRight(text, " \t\n\"'”)"), "?") {
		return true
	}
	wh, at, _ := whOf(corpus.Tokenize(text))
	return wh != WhOther && at == firstWordAt(text)
}

// firstWordAt is the byte offset of text's first word (-1 when none).
func firstWordAt(text string) int {
	for _, t := range corpus.Tokenize(text) {
		if t.IsWord() {
			return t.Start
		}
	}
	return -1
}

// Claim says what the sources say about a statement: the sentence that
// supports it or contradicts it (another figure, a negation, a plan where the
// statement says done), or that they say nothing about it. A claim the
// sources neither support nor contradict is answered false with the reason.
func (b *Bot) Claim(ctx context.Context, statement string) (ans Answer) {
	ans = Answer{Question: statement, Intent: IntentClaim, Sources: []Source{}}
	defer func() {
		if r := recover(); r != nil {
			b.log.Error("panic checking a claim", "panic", r)
			ans = Answer{Question: statement, Intent: IntentClaim, Sources: []Source{},
				Text: "Sorry, something went wrong checking that."}
		}
		ans.Text = cut(ans.Text, maxText)
	}()
	text := chatText(strings.TrimSpace(statement))
	switch {
	case len(text) > MaxQuestionLen || !controlFree(text):
		ans.Intent = IntentRefused
		ans.Text = "That message is too long or has control characters in it; I can't check it."
		return ans
	case strings.Trim(text, "?!.,;: \t") == "":
		ans.Intent = IntentEmpty
		ans.Text = "That message has no words I could check."
		return ans
	}
	a := analyzeAs(b, statement, normalize(text), IntentYesNo)
	got := b.answerAnalysis(ctx, a)
	ans.Sources = got.Sources
	ans.Confidence = got.Confidence
	ans.Answered = got.Answered
	var sentence string
	if len(got.Sources) > 0 {
		sentence = got.Sources[0].Text
	}
	switch {
	case got.Answered && got.Short == "Yes":
		ans.Short = ClaimSupported
		ans.Text = "Supported by the sources: “" + sentence + "”"
	case got.Answered:
		ans.Short = ClaimContradicted
		ans.Text = "Contradicted by the sources: “" + sentence + "”"
	default:
		ans.Short = ClaimNotFound
		ans.Reason = got.Reason
		ans.Text = strings.Replace(got.Text, "The sources don't answer that", "The sources don't say whether that is so", 1)
	}
	return ans
}
