package slack

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackutilsx"

	"mssmbot/bot"
)

const (
	// maxSection is Slack's limit on a section's or a context element's text.
	// It is applied in bytes, which is never more than Slack's characters.
	maxSection = 3000
	// maxSources is how many evidence sentences a reply quotes.
	maxSources = 3
	// maxTitle bounds a source title in the context line.
	maxTitle = 300
	// noAnswer stands in for an empty answer text.
	noAnswer = "Sorry, I have no answer to that."
)

// escape makes user or corpus text inert in Slack mrkdwn: &, < and > are
// encoded, so <!channel>, <!here>, <!everyone> or <@U…> cannot be injected.
func escape(s string) string { return slackutilsx.EscapeMessage(s) }

// render turns an answer into the fallback text and the Block Kit blocks of a
// reply: the direct answer, then each quoted evidence sentence with a context
// line naming its source and date.
func render(a bot.Answer) (string, []slack.Block) {
	text := strings.TrimSpace(a.Text)
	if text == "" {
		text = noAnswer
	}
	fallback := truncate(escape(text), maxSection)
	blocks := []slack.Block{section(fallback)}
	for i, s := range a.Sources {
		if i == maxSources {
			break
		}
		if q := strings.TrimSpace(s.Text); q != "" && !a.Quoted(s) {
			blocks = append(blocks, section(quote(q)))
		}
		if c := sourceLine(s); c != "" {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(c)))
		}
	}
	return fallback, blocks
}

// section is a mrkdwn section block holding already escaped text.
func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(text), nil, nil)
}

// mrkdwn is a verbatim mrkdwn text object: Slack does not auto-link or parse
// mentions in it. Its text is cut to the section limit.
func mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, truncate(text, maxSection), false, true)
}

// quote renders an evidence sentence as a mrkdwn block quote.
func quote(s string) string {
	lines := strings.Split(escape(s), "\n")
	for i, l := range lines {
		lines[i] = "> " + l
	}
	return strings.Join(lines, "\n")
}

// sourceLine names a source: its title in italics and its date, if known.
func sourceLine(s bot.Source) string {
	title := strings.TrimSpace(s.Title)
	if title == "" {
		title = strings.TrimSpace(s.Doc)
	}
	var b strings.Builder
	if title != "" {
		b.WriteString("Source: _" + truncate(escape(oneLine(title)), maxTitle) + "_")
	}
	if d := strings.TrimSpace(s.Date); d != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(escape(oneLine(d)))
	}
	if w := s.Where(); w != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(escape(truncate(oneLine(w), maxTitle)))
	}
	return b.String()
}

// oneLine folds runs of white space, newlines included, into single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// ellipsis marks text that was cut.
const ellipsis = "…"

// truncate cuts s to at most max bytes, preferring the last word boundary,
// never inside a UTF-8 sequence or an HTML entity such as &amp;, and marks
// the cut with an ellipsis.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max - len(ellipsis)
	if cut <= 0 {
		return ""
	}
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	head := s[:cut]
	// Prefer a word boundary (a space, possibly right at the cut) in the
	// second half of the text.
	if i := strings.LastIndexFunc(s[:cut+1], unicode.IsSpace); i >= cut/2 {
		head = head[:i]
	} else if amp := strings.LastIndexByte(head, '&'); amp >= 0 && !strings.Contains(head[amp:], ";") {
		head = head[:amp]
	}
	return strings.TrimRightFunc(head, unicode.IsSpace) + ellipsis
}
