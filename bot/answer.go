// Package bot turns a question into an answer from the indexed corpus. It knows
// no chat platform: adapters in bot/discord and bot/slack call Ask.
package bot

import (
	"context"
	"fmt"
	"strings"
)

// Answer is the reply to one question. Its JSON form is the `ask --json`
// contract.
type Answer struct {
	Question string `json:"question"`
	Intent   string `json:"intent"`
	// Answered is false when the sources do not answer the question (or it was refused).
	Answered bool `json:"answered"`
	// Text is the reply a user sees, without markup, at most 300 characters.
	Text string `json:"answer"`
	// Short is the bare answer span, at most 80 characters; empty when not answered.
	Short      string  `json:"short"`
	Confidence float64 `json:"confidence"`
	// Reason says why the bot abstained ("" when it answered).
	Reason  string   `json:"reason,omitempty"`
	Sources []Source `json:"sources"`
	// Conversation is the conversation the question was asked in ("" for none).
	Conversation string `json:"conversation,omitempty"`
	// FollowUp says how the question was completed from the conversation's
	// last answered question: "ellipsis", "intent" or "pronoun"; "" when it
	// was whole by itself.
	FollowUp string `json:"follow_up,omitempty"`
}

// Source is one evidence sentence.
type Source struct {
	Doc   string `json:"doc"`
	Title string `json:"title"`
	Date  string `json:"date"` // YYYY-MM-DD or ""
	Text  string `json:"text"`
	// Section is the headings the sentence stands under, Page its page (in a
	// paged document); both omitted when empty.
	Section string `json:"section,omitempty"`
	Page    int    `json:"page,omitempty"`
}

// Where is the section and page of s for a citation ("§Security › Police, p. 4"), "" when neither is known.
func (s Source) Where() string {
	var parts []string
	if s.Section != "" {
		parts = append(parts, "§"+s.Section)
	}
	if s.Page > 0 {
		parts = append(parts, fmt.Sprintf("p. %d", s.Page))
	}
	return strings.Join(parts, ", ")
}

// Intents reported in Answer.Intent.
const (
	IntentCount   = "count"
	IntentWho     = "who"
	IntentWhen    = "when"
	IntentWhere   = "where"
	IntentWhich   = "which"
	IntentDefine  = "define"
	IntentWhat    = "what"
	IntentWhy     = "why"
	IntentYesNo   = "yesno"
	IntentDerived = "derived"
	IntentMulti   = "multi"
	IntentHelp    = "help"
	// IntentSmallTalk is a greeting or thanks: answered as such, not from the sources.
	IntentSmallTalk = "smalltalk"
	IntentEmpty     = "empty"   // an empty question: the reply is a usage hint
	IntentRefused   = "refused" // too long or control bytes: the reply is a refusal
	// IntentDropped is a question over its user's rate limit after they
	// were told to slow down: adapters send nothing for it.
	IntentDropped = "dropped"
	IntentOther   = "other"
)

// MaxQuestionLen is the longest question (in bytes) the bot accepts.
const MaxQuestionLen = 1000

// Question is one question as a chat adapter received it.
type Question struct {
	Text string
	// Platform names where it was asked: "discord", "slack", "http", "cli".
	Platform string
	// User identifies the asker on that platform (for rate limits); may be empty.
	User string
	// Private is true for direct messages: their text is never logged at info level.
	Private bool
	// Conversation identifies the conversation the question belongs to (a
	// thread, a DM channel, a chat session), scoped to its platform and
	// user by the adapter; "" for a question with no past.
	Conversation string
	// Mode is "" for a question, ModeAbout for a message a user picked to
	// ask about (answered if it asks, checked as a claim if it states).
	Mode string
}

// Answer answers q; it lets *Bot serve wherever an adapter expects
// `interface{ Answer(context.Context, bot.Question) bot.Answer }`.
func (b *Bot) Answer(ctx context.Context, q Question) Answer { return b.AnswerIn(ctx, q, nil) }

// AnswerIn answers q in its conversation, kept in convs (nil: no past).
func (b *Bot) AnswerIn(ctx context.Context, q Question, convs ConversationStore) Answer {
	if q.Mode == ModeAbout {
		return b.About(ctx, q.Text)
	}
	return b.AskIn(ctx, q.Text, convs, q.Conversation)
}

// Quoted reports whether an abstention's text already quotes s ("What they
// do say: …"), so that a renderer shows only where it comes from rather than
// quoting it twice.
func (a Answer) Quoted(s Source) bool {
	if a.Answered {
		return false // an answer's evidence is always shown
	}
	head := s.Text
	if len(head) > 60 {
		head = head[:60]
		for len(head) > 0 && head[len(head)-1]&0xC0 == 0x80 {
			head = head[:len(head)-1] // not inside a rune
		}
		if len(head) > 0 {
			head = head[:len(head)-1]
		}
	}
	return head != "" && strings.Contains(a.Text, head)
}
