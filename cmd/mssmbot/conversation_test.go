package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mssmbot/bot"
	"mssmbot/bot/discord/discordtest"
	"mssmbot/bot/slack/fakeslack"
	"mssmbot/config"
)

// askIn posts a question in a conversation ("" for a new one) to /v1/ask.
func askIn(t *testing.T, base, question, conversation string) bot.Answer {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"question": question, "conversation": conversation})
	code, out := postJSON(t, base+"/v1/ask", string(body))
	if code != http.StatusOK {
		t.Fatalf("POST /v1/ask: %d %s", code, out)
	}
	var a bot.Answer
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("POST /v1/ask: %v in %s", err, out)
	}
	return a
}

// TestServeConversations runs serve on the embedded corpus with the Discord
// gateway and the Slack Events API against the fakes and a feedback file:
// follow-ups over /v1/ask, votes counted and written from both platforms,
// and /ask autocomplete from the suggestions built with the index.
func TestServeConversations(t *testing.T) {
	ds := discordtest.NewServer(t)
	fs := fakeslack.NewServer(t)
	votes := filepath.Join(t.TempDir(), "votes.jsonl")
	cfg, err := config.Load(strings.NewReader("rate_limit: off\nlisten: 127.0.0.1:0\n"), []string{
		"DISCORD_TOKEN=" + ds.Token,
		"SLACK_BOT_TOKEN=" + fakeslack.BotToken, "SLACK_SIGNING_SECRET=" + fakeslack.SigningSecret, "SLACK_API_URL=" + fs.URL(),
		"MSSMBOT_FEEDBACK=" + votes, "MSSMBOT_FEEDBACK_KEY=test-key",
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := startServe(t, cfg, serveOptions{discordHTTPClient: ds.HTTPClient()})
	s.waitReady(t)

	t.Run("/v1/ask follow-ups", func(t *testing.T) {
		first := askIn(t, s.url, "who is Masengeli?", "")
		if first.Conversation == "" || !first.Answered {
			t.Fatalf("first answer %+v: want an answer and a conversation id", first)
		}
		second := askIn(t, s.url, "what did he confirm?", first.Conversation)
		if second.Conversation != first.Conversation || second.FollowUp != "pronoun" || !strings.Contains(second.Text, "payments") {
			t.Errorf("follow-up %+v", second)
		}
		other := askIn(t, s.url, "since when?", "")
		if other.Conversation == first.Conversation || other.FollowUp != "" {
			t.Errorf("a question without an id joined a conversation: %+v", other)
		}
		long, _ := json.Marshal(map[string]string{"question": "why?", "conversation": strings.Repeat("x", 200)})
		if code, body := postJSON(t, s.url+"/v1/ask", string(long)); code != http.StatusBadRequest || !strings.Contains(body, "conversation") {
			t.Errorf("over-long conversation id: %d %s, want 400", code, body)
		}
	})

	t.Run("discord vote is counted and written", func(t *testing.T) {
		m := ds.DM(kenyaQuestion)
		ds.MessageCreate(t, m)
		answer := discordPostWith(t, ds, "400", func(p discordtest.Post) bool { return p.ChannelID == m.ChannelID })
		if len(answer.CustomIDs) != 2 {
			t.Fatalf("answer buttons %q", answer.CustomIDs)
		}
		click := ds.Click(answer.CustomIDs[0])
		ds.InteractionCreate(t, click)
		discordPostWith(t, ds, "Thanks", func(p discordtest.Post) bool { return p.InteractionID == click.ID })
		eventually(t, "the vote counted", func() bool {
			return metric(t, s.url, "mssmbot_feedback_total", `platform="discord"`, `vote="up"`) == 1
		})
	})

	t.Run("slack vote over POST /slack/interactions", func(t *testing.T) {
		postSlackEvent(t, s.url+"/slack/events", fakeslack.Event{Type: "message", ChannelType: "im", Channel: "DV1", User: "UV1", TS: "9.000001",
			Text: kenyaQuestion}.Callback("EvVote1"))
		answer := slackPostWith(t, fs, "DV1", "400")
		var blocks []struct {
			Elements []struct {
				ActionID string `json:"action_id"`
				Value    string `json:"value"`
			} `json:"elements"`
		}
		if err := json.Unmarshal([]byte(answer.Blocks), &blocks); err != nil {
			t.Fatal(err)
		}
		id := ""
		for _, b := range blocks {
			for _, e := range b.Elements {
				if e.ActionID == "vote_down" {
					id = e.Value
				}
			}
		}
		if id == "" {
			t.Fatalf("no 👎 button in %s", answer.Blocks)
		}
		body := []byte(fakeslack.InteractionForm(fs.BlockAction("UV1", "DV1", "vote_down", id, answer.Text)).Encode())
		req, _ := http.NewRequest(http.MethodPost, s.url+"/slack/interactions", bytes.NewReader(body))
		req.Header = fakeslack.Sign(fakeslack.SigningSecret, time.Now(), body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("POST /slack/interactions: %v %v", err, resp)
		}
		resp.Body.Close()
		eventually(t, "the vote counted", func() bool {
			return metric(t, s.url, "mssmbot_feedback_total", `platform="slack"`, `vote="down"`) == 1
		})
	})

	t.Run("the feedback file has both votes, without user ids", func(t *testing.T) {
		raw, err := os.ReadFile(votes)
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(raw), "\n"); n != 2 || strings.Contains(string(raw), `"user":"UV1"`) || strings.Contains(string(raw), `"user":"`+ds.Human().ID+`"`) {
			t.Errorf("feedback file (%d lines):\n%s", n, raw)
		}
		for _, want := range []string{`"platform":"discord"`, `"platform":"slack"`, `"vote":"up"`, `"vote":"down"`, kenyaQuestion} {
			if !strings.Contains(string(raw), want) {
				t.Errorf("feedback file lacks %s:\n%s", want, raw)
			}
		}
	})

	t.Run("discord autocomplete", func(t *testing.T) {
		i := ds.Autocomplete("who is")
		ds.InteractionCreate(t, i)
		var got discordtest.Post
		ds.WaitFor(t, "the autocomplete response", func() bool {
			for _, p := range ds.Posts() {
				if p.InteractionID == i.ID {
					got = p
					return true
				}
			}
			return false
		})
		if got.ResponseType != discordgo.InteractionApplicationCommandAutocompleteResult || len(got.Choices) == 0 {
			t.Fatalf("autocomplete: %+v", got)
		}
		for _, c := range got.Choices {
			if !strings.HasPrefix(fmt.Sprint(c.Value), "Who is") {
				t.Errorf("choice %q does not match %q", c.Value, "who is")
			}
		}
	})
}
