package main

import (
	"bytes"
	"cmp"
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
	loadCorpus  = flag.String("load.corpus", "", "load test: answer from this corpus folder (default: the embedded corpus)")
	loadIndex   = flag.String("load.index", "", "load test: keep (or reuse) the index in this folder")
	loadOnly    = flag.String("load.route", "", "load test: send every request to this one route (/v1/ask, /discord/interactions or /slack/events)")
)

// Routes of the load test, taken in turn.
var loadRoutes = []string{"/v1/ask", "/discord/interactions", "/slack/events"}

// TestLoad sends -load.n questions to each of /v1/ask, signed Discord
// interactions and signed Slack events, taken in turn, from -load.clients
// concurrent clients to serve on loopback: no 5xx, every question and
// interaction answered in its response and every event answered exactly
// once in Slack. It reports requests/s and p50/p99 per route.
//
//	go test ./cmd/mssmbot -run TestLoad -load -v
//	go test ./cmd/mssmbot -run TestLoad -load -v -load.clients 1 -load.n 300 -load.corpus /tmp/c1m -load.index /tmp/i1m
func TestLoad(t *testing.T) {
	if !*loadTest {
		t.Skip("load test: run with -load")
	}
	fs := fakeslack.NewServer(t)
	signer := newDiscordSigner(t)
	env := []string{
		"MSSMBOT_LISTEN=127.0.0.1:0", "MSSMBOT_LOG_LEVEL=info", "MSSMBOT_RATE_LIMIT=off",
		"DISCORD_PUBLIC_KEY=" + hex.EncodeToString(signer.pub),
		"SLACK_BOT_TOKEN=" + fakeslack.BotToken, "SLACK_SIGNING_SECRET=" + fakeslack.SigningSecret,
		"SLACK_API_URL=" + fs.URL(),
	}
	if *loadCorpus != "" {
		env = append(env, "MSSMBOT_CORPUS="+*loadCorpus)
	}
	if *loadIndex != "" {
		env = append(env, "MSSMBOT_INDEX="+*loadIndex)
	}
	cfg, err := config.Load(nil, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := startServe(t, cfg, serveOptions{})
	s.waitReady(t)
	// A large corpus learns its search bounds, then builds its autocomplete,
	// in the background: not while measuring.
	deadline := time.Now().Add(5 * time.Minute)
	for !strings.Contains(s.logs.String(), "autocomplete suggestions ready") && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}

	questions := []string{kenyaQuestion, "Who leads the mission?", "When did the meeting take place?", "Which countries take part?"}
	n := *loadEach
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *loadClients, MaxConnsPerHost: *loadClients}, Timeout: 30 * time.Second}

	type result struct {
		took  time.Duration
		code  int
		err   string
		route int // index in loadRoutes
		q     string
	}
	results := make([]result, 3*n)
	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range *loadClients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= 3*n {
					return
				}
				q := questions[(i/3)%len(questions)]
				var req *http.Request
				route := i % 3
				if *loadOnly != "" {
					route = slices.Index(loadRoutes, *loadOnly)
				}
				switch route {
				case 0: // /v1/ask
					body, _ := json.Marshal(map[string]string{"question": q})
					req, _ = http.NewRequest(http.MethodPost, s.url+"/v1/ask", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
				case 1: // a Discord /ask from its own user
					it := &discordgo.Interaction{
						ID: fmt.Sprint("i", i), AppID: "888", Type: discordgo.InteractionApplicationCommand, Token: fmt.Sprint("tok", i),
						GuildID: "g1", ChannelID: "c1", Member: &discordgo.Member{User: &discordgo.User{ID: fmt.Sprint(i)}}, Version: 1,
						Data: discordgo.ApplicationCommandInteractionData{ID: "cmd", Name: "ask", CommandType: discordgo.ChatApplicationCommand,
							Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: q}}},
					}
					body, _ := json.Marshal(it)
					req = signer.request(t, s.url+"/discord/interactions", body)
				default: // a Slack mention in its own channel
					body := fakeslack.Event{Type: "app_mention", Channel: fmt.Sprint("C", i), User: fmt.Sprint("U", i), TS: fmt.Sprintf("%d.000001", i),
						Text: "<@" + fakeslack.BotUserID + "> " + q}.Callback(fmt.Sprint("Ev", i))
					req, _ = http.NewRequest(http.MethodPost, s.url+"/slack/events", bytes.NewReader(body))
					req.Header = fakeslack.Sign(fakeslack.SigningSecret, time.Now(), body)
					req.Header.Set("Content-Type", "application/json")
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					results[i] = result{took: time.Since(t0), err: err.Error(), route: route, q: q}
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				r := result{took: time.Since(t0), code: resp.StatusCode, route: route, q: q}
				if route == 1 && resp.StatusCode == http.StatusOK {
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
	events := 0
	for _, r := range results {
		if r.route == 2 {
			events++
		}
	}
	eventually(t, fmt.Sprintf("%d Slack answers", events), func() bool { return len(fs.Posts()) >= events })
	allAnswered := time.Since(start)

	took := make([][]time.Duration, len(loadRoutes))
	errs := 0
	for i, r := range results {
		if r.err != "" || r.code >= 500 || r.code != http.StatusOK {
			if errs < 10 {
				t.Errorf("request %d (%s): status %d %s", i, loadRoutes[r.route], r.code, r.err)
			}
			errs++
		}
		took[r.route] = append(took[r.route], r.took)
	}
	perChannel := map[string]int{}
	for _, p := range fs.Posts() {
		perChannel[p.Channel]++
	}
	for i, r := range results {
		if r.route != 2 {
			continue
		}
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
	fmt.Fprintf(&sb, "%d questions on each of %d routes from %d clients: %.0f requests/s in all (all requests in %v; all Slack answers posted after %v)\n",
		n, len(loadRoutes), *loadClients, float64(3*n)/requestsDone.Seconds(), requestsDone.Round(time.Millisecond), allAnswered.Round(time.Millisecond))
	for k, route := range loadRoutes {
		if len(took[k]) == 0 {
			continue
		}
		fmt.Fprintf(&sb, "%-22s %6.0f req/s  p50 %v  p99 %v\n", route, float64(len(took[k]))/requestsDone.Seconds(),
			pct(took[k], .5).Round(10*time.Microsecond), pct(took[k], .99).Round(10*time.Microsecond))
	}
	// The slowest requests of each route, to tell a slow question from a
	// slow moment.
	for k, route := range loadRoutes {
		var rs []result
		for _, r := range results {
			if r.route == k {
				rs = append(rs, r)
			}
		}
		slices.SortFunc(rs, func(a, b result) int { return cmp.Compare(b.took, a.took) })
		for _, r := range rs[:min(len(rs), 4)] {
			fmt.Fprintf(&sb, "  slow %-22s %v %q\n", route, r.took.Round(10*time.Microsecond), r.q)
		}
	}
	t.Log("\n" + sb.String())
}
