package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"mssmbot/bot/slack/fakeslack"
	"mssmbot/config"
)

var (
	loadTest    = flag.Bool("load", false, "run the load test against serve on loopback")
	loadEach    = flag.Int("load.n", 10000, "load test: signed Discord interactions, and as many signed Slack events")
	loadClients = flag.Int("load.clients", 50, "load test: concurrent clients")
)

// TestLoad sends -load.n signed Discord interactions and -load.n signed
// Slack events from -load.clients concurrent clients to serve on loopback:
// no 5xx, every interaction answered in its response and every event
// answered exactly once in Slack. It reports throughput and latency.
//
//	go test ./cmd/mssmbot -run TestLoad -load -v
func TestLoad(t *testing.T) {
	if !*loadTest {
		t.Skip("load test: run with -load")
	}
	fs := fakeslack.NewServer(t)
	signer := newDiscordSigner(t)
	cfg, err := config.Load(nil, []string{
		"MSSMBOT_LISTEN=127.0.0.1:0", "MSSMBOT_LOG_LEVEL=warn",
		"DISCORD_PUBLIC_KEY=" + hex.EncodeToString(signer.pub),
		"SLACK_BOT_TOKEN=" + fakeslack.BotToken, "SLACK_SIGNING_SECRET=" + fakeslack.SigningSecret,
		"SLACK_API_URL=" + fs.URL(),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := startServe(t, cfg, serveOptions{})
	eventually(t, "/readyz to turn ready", func() bool { code, _ := get(t, s.url+"/readyz"); return code == http.StatusOK })

	questions := []string{kenyaQuestion, "Who leads the mission?", "When did the meeting take place?", "Which countries take part?"}
	n := *loadEach
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *loadClients, MaxConnsPerHost: *loadClients}, Timeout: 30 * time.Second}

	type result struct {
		took time.Duration
		code int
		err  string
	}
	results := make([]result, 2*n)
	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range *loadClients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= 2*n {
					return
				}
				q := questions[i%len(questions)]
				var req *http.Request
				if i%2 == 0 { // a Discord /ask from its own user
					it := &discordgo.Interaction{
						ID: fmt.Sprint("i", i), AppID: "888", Type: discordgo.InteractionApplicationCommand, Token: fmt.Sprint("tok", i),
						GuildID: "g1", ChannelID: "c1", Member: &discordgo.Member{User: &discordgo.User{ID: fmt.Sprint(i)}}, Version: 1,
						Data: discordgo.ApplicationCommandInteractionData{ID: "cmd", Name: "ask", CommandType: discordgo.ChatApplicationCommand,
							Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: q}}},
					}
					body, _ := json.Marshal(it)
					req = signer.request(t, s.url+"/discord/interactions", body)
				} else { // a Slack mention in its own channel
					body := fakeslack.Event{Type: "app_mention", Channel: fmt.Sprint("C", i), User: fmt.Sprint("U", i), TS: fmt.Sprintf("%d.000001", i),
						Text: "<@" + fakeslack.BotUserID + "> " + q}.Callback(fmt.Sprint("Ev", i))
					req, _ = http.NewRequest(http.MethodPost, s.url+"/slack/events", bytes.NewReader(body))
					req.Header = fakeslack.Sign(fakeslack.SigningSecret, time.Now(), body)
					req.Header.Set("Content-Type", "application/json")
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					results[i] = result{took: time.Since(t0), err: err.Error()}
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				r := result{took: time.Since(t0), code: resp.StatusCode}
				if i%2 == 0 && resp.StatusCode == http.StatusOK {
					var ir interactionReply
					if json.Unmarshal(b, &ir) != nil || ir.Type != discordgo.InteractionResponseChannelMessageWithSource || ir.Data == nil || ir.Data.Content == "" {
						r.err = "interaction not answered: " + string(b)
					}
				}
				results[i] = r
			}
		})
	}
	wg.Wait()
	requestsDone := time.Since(start)
	eventually(t, fmt.Sprintf("%d Slack answers", n), func() bool { return len(fs.Posts()) >= n })
	allAnswered := time.Since(start)

	var discordTook, slackTook []time.Duration
	errs := 0
	for i, r := range results {
		if r.err != "" || r.code >= 500 || r.code != http.StatusOK {
			if errs < 10 {
				t.Errorf("request %d: status %d %s", i, r.code, r.err)
			}
			errs++
		}
		if i%2 == 0 {
			discordTook = append(discordTook, r.took)
		} else {
			slackTook = append(slackTook, r.took)
		}
	}
	perChannel := map[string]int{}
	for _, p := range fs.Posts() {
		perChannel[p.Channel]++
	}
	for i := 1; i < 2*n; i += 2 {
		if c := perChannel[fmt.Sprint("C", i)]; c != 1 {
			if errs < 10 {
				t.Errorf("Slack event %d answered %d times, want once", i, c)
			}
			errs++
		}
	}
	if errs > 0 {
		t.Fatalf("%d failures", errs)
	}
	pct := func(d []time.Duration, p float64) time.Duration {
		slices.Sort(d)
		return d[min(len(d)-1, int(float64(len(d))*p))]
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d Discord interactions + %d Slack events from %d clients: %.0f requests/s (all requests in %v; all Slack answers posted after %v)\n",
		n, n, *loadClients, float64(2*n)/requestsDone.Seconds(), requestsDone.Round(time.Millisecond), allAnswered.Round(time.Millisecond))
	fmt.Fprintf(&sb, "Discord interaction (answered inline): p50 %v, p99 %v\n", pct(discordTook, .5).Round(10*time.Microsecond), pct(discordTook, .99).Round(10*time.Microsecond))
	fmt.Fprintf(&sb, "Slack event (acknowledged):           p50 %v, p99 %v\n", pct(slackTook, .5).Round(10*time.Microsecond), pct(slackTook, .99).Round(10*time.Microsecond))
	t.Log("\n" + sb.String())
}
