package discord

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"mssmbot/bot"
)

// Discord's limits on a message, counted conservatively in UTF-16 code
// units (never fewer than the characters Discord counts).
const (
	maxContent = 2000 // message content
	maxHead    = 600  // the direct answer line
	maxQuote   = 700  // one quoted evidence sentence
	maxSources = 3    // evidence sentences shown
	ellipsis   = "…"
)

// noReply stands in for an empty answer: Discord rejects an empty message.
const noReply = "Sorry, I have no reply to that."

// render formats a as the content of one Discord message: the direct answer
// first, then each evidence sentence quoted with its source. An abstention is
// marked as such and still shows what the sources do say. The result is
// Discord markdown within maxContent, with all corpus and user text escaped.
func render(a bot.Answer) string {
	text := escape(a.Text)
	switch {
	case a.Intent == bot.IntentRefused || a.Intent == bot.IntentEmpty || a.Intent == bot.IntentHelp:
		// Refusals (including the rate limiter's), usage hints and help are
		// shown as they are.
		if strings.TrimSpace(text) == "" {
			return noReply
		}
		return truncate(text, maxContent)
	case strings.TrimSpace(text) == "" && len(a.Sources) == 0:
		return noReply
	}
	var out string
	if a.Answered {
		out = "**" + truncate(text, maxHead-4) + "**" // the direct answer, in bold
	} else {
		out = truncate(joinNonEmpty(" ", "**No direct answer in the sources.**", text), maxHead)
	}
	if !a.Answered && len(a.Sources) > 0 && !a.Quoted(a.Sources[0]) {
		out += "\nWhat the sources do say:"
	}
	for i, s := range a.Sources {
		if i == maxSources {
			break
		}
		block := quote(s)
		if a.Quoted(s) {
			block = cite(s) // the answer's text quotes it already
		}
		room := maxContent - units(out) - 1
		if units(block) > room {
			if i > 0 || room < 40 {
				break
			}
			block = truncate(block, room)
		}
		out += "\n" + block
	}
	return truncate(out, maxContent)
}

// quote renders one evidence sentence as a block quote followed by its
// source: the document title (or name) and date.
func quote(s bot.Source) string {
	q := "> " + truncate(escape(strings.Join(strings.Fields(s.Text), " ")), maxQuote)
	return joinNonEmpty("\n", q, cite(s))
}

// cite names where a sentence comes from: "— *Title*, date".
func cite(s bot.Source) string {
	title := s.Title
	if title == "" {
		title = s.Doc
	}
	var cite string
	switch {
	case title != "" && s.Date != "":
		cite = "— *" + escape(title) + "*, " + escape(s.Date)
	case title != "":
		cite = "— *" + escape(title) + "*"
	case s.Date != "":
		cite = "— " + escape(s.Date)
	}
	if w := s.Where(); w != "" {
		if cite == "" {
			cite = "—"
		}
		cite += ", " + escape(w)
	}
	return cite
}

// mdEscaper backslash-escapes Discord markdown anywhere in a line.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, `*`, `\*`, `_`, `\_`, `~`, `\~`, "`", "\\`", `|`, `\|`,
	`<`, `\<`, `>`, `\>`, `[`, `\[`, `]`, `\]`,
)

// escape makes s show literally in Discord markdown: inline markers are
// backslash-escaped, and a line that would start a heading or a list gets
// its first character escaped. Invalid UTF-8 becomes U+FFFD.
func escape(s string) string {
	s = mdEscaper.Replace(strings.ToValidUTF8(s, "\uFFFD"))
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		if t == "" {
			continue
		}
		lead := l[:len(l)-len(t)]
		switch {
		case t[0] == '#' || t[0] == '-' || t[0] == '+':
			lines[i] = lead + `\` + t
		case orderedListItem(t):
			n := strings.IndexByte(t, '.')
			lines[i] = lead + t[:n] + `\` + t[n:]
		}
	}
	return strings.Join(lines, "\n")
}

// orderedListItem reports whether a line starts like "12. item".
func orderedListItem(t string) bool {
	n := 0
	for n < len(t) && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	return n > 0 && n+1 < len(t) && t[n] == '.' && t[n+1] == ' '
}

// units is the length of s in UTF-16 code units, which is what Discord
// counts at most (a character outside the BMP counts as two).
func units(s string) int {
	n := 0
	for _, r := range s {
		n += runeUnits(r)
	}
	return n
}

func runeUnits(r rune) int {
	if w := utf16.RuneLen(r); w > 0 {
		return w
	}
	return 1
}

// truncate returns s if it fits in limit UTF-16 units, or else s cut at the
// last word boundary that leaves room for an ellipsis. It cuts mid-word only
// when the text has no space in the last half of the room, and never inside
// a rune. A cut never leaves a dangling markdown escape.
func truncate(s string, limit int) string {
	if units(s) <= limit {
		return s
	}
	room := limit - runeUnits('…')
	if room <= 0 {
		return ""
	}
	// cut is the byte offset of the longest prefix within room units.
	cut, n := 0, 0
	for cut < len(s) {
		r, size := utf8.DecodeRuneInString(s[cut:])
		if n+runeUnits(r) > room {
			break
		}
		n += runeUnits(r)
		cut += size
	}
	next, _ := utf8.DecodeRuneInString(s[cut:])
	if !unicode.IsSpace(next) {
		// Mid-word: back off to the last space, unless it is far back.
		if sp := strings.LastIndexFunc(s[:cut], unicode.IsSpace); sp > cut/2 {
			cut = sp
		}
	}
	out := strings.TrimRightFunc(s[:cut], unicode.IsSpace)
	// An odd run of trailing backslashes would escape the ellipsis.
	if k := len(out) - len(strings.TrimRight(out, `\`)); k%2 == 1 {
		out = out[:len(out)-1]
	}
	return out + ellipsis
}
