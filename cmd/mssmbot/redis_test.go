package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mssmbot/bot/slack/fakeslack"
	"mssmbot/config"
)

// redisServer is a real redis-server on a free loopback port, stopped when
// the test ends. Without the binary the test is skipped — unless
// MSSMBOT_TEST_REDIS=required (as .ci/run sets it), when it fails.
type redisServer struct {
	url string
	cmd *exec.Cmd
}

func startRedis(t *testing.T) *redisServer {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("MSSMBOT_TEST_REDIS") == "required" {
			t.Fatal("redis-server is not installed (apt-get install redis-server)")
		}
		t.Skip("redis-server is not installed (apt-get install redis-server); MSSMBOT_TEST_REDIS=required makes this fail")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "--port", fmt.Sprint(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &redisServer{url: fmt.Sprintf("redis://127.0.0.1:%d/0", port), cmd: cmd}
	t.Cleanup(r.stop)
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 200*time.Millisecond)
		if err == nil {
			fmt.Fprint(c, "PING\r\n")
			line, _ := bufio.NewReader(c).ReadString('\n')
			c.Close()
			if strings.HasPrefix(line, "+PONG") {
				return r
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("redis-server did not start")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (r *redisServer) stop() {
	if r.cmd.Process != nil {
		r.cmd.Process.Kill()
		r.cmd.Wait()
	}
}

// roundRobin is a reverse proxy sending each request to the next backend.
func roundRobin(t *testing.T, backends ...string) string {
	t.Helper()
	var proxies []*httputil.ReverseProxy
	for _, b := range backends {
		u, err := url.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		proxies = append(proxies, httputil.NewSingleHostReverseProxy(u))
	}
	var next atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		proxies[int(next.Add(1))%len(proxies)].ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestRedisReplicas runs two replicas sharing a real Redis behind a
// round-robin proxy: a Slack event and its retries are answered once, a
// user's rate limit holds across both, a follow-up asked of the other
// replica is completed, and with Redis gone they keep answering, degraded.
func TestRedisReplicas(t *testing.T) {
	rds := startRedis(t)
	fs := fakeslack.NewServer(t)
	newCfg := func() config.Config {
		cfg, err := config.Load(strings.NewReader("rate_limit: 5/10s\nlisten: 127.0.0.1:0\n"), []string{
			"SLACK_BOT_TOKEN=" + fakeslack.BotToken, "SLACK_SIGNING_SECRET=" + fakeslack.SigningSecret, "SLACK_API_URL=" + fs.URL(),
			"MSSMBOT_REDIS_URL=" + rds.url,
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	a, b := startServe(t, newCfg(), serveOptions{}), startServe(t, newCfg(), serveOptions{})
	for _, s := range []*served{a, b} {
		s.waitReady(t)
	}
	lb := roundRobin(t, a.url, b.url)
	inChannel := func(ch string) []fakeslack.Post {
		var out []fakeslack.Post
		for _, p := range fs.Posts() {
			if p.Channel == ch {
				out = append(out, p)
			}
		}
		return out
	}
	handled := func() float64 {
		return metric(t, a.url, "mssmbot_questions_total", `platform="slack"`) + metric(t, b.url, "mssmbot_questions_total", `platform="slack"`)
	}

	t.Run("an event and its retries are answered once", func(t *testing.T) {
		ev := fakeslack.Event{Type: "message", ChannelType: "im", Channel: "DONCE", User: "UONCE", TS: "80.000001", Text: kenyaQuestion}.Callback("EvOnce")
		for range 4 {
			postSlackEvent(t, lb+"/slack/events", ev)
		}
		eventually(t, "the answer", func() bool { return len(inChannel("DONCE")) >= 1 })
		time.Sleep(300 * time.Millisecond)
		if n := len(inChannel("DONCE")); n != 1 {
			t.Errorf("answered %d times, want once", n)
		}
	})
	t.Run("a user's rate limit holds across replicas", func(t *testing.T) {
		before := handled()
		for i := range 8 {
			postSlackEvent(t, lb+"/slack/events", fakeslack.Event{Type: "message", ChannelType: "im", Channel: "DRATE", User: "URATE",
				TS: fmt.Sprintf("81.%06d", i), Text: kenyaQuestion}.Callback(fmt.Sprintf("EvRate%d", i)))
		}
		eventually(t, "all 8 handled", func() bool { return handled()-before == 8 })
		time.Sleep(300 * time.Millisecond)
		answers, slow := 0, 0
		for _, p := range inChannel("DRATE") {
			if strings.Contains(p.Text, "slow down") {
				slow++
			} else {
				answers++
			}
		}
		if answers != 5 || slow != 1 {
			t.Errorf("%d answers and %d slow-downs across two replicas, want 5 and 1", answers, slow)
		}
	})
	t.Run("a follow-up on the other replica is completed", func(t *testing.T) {
		postSlackEvent(t, lb+"/slack/events", fakeslack.Event{Type: "message", ChannelType: "im", Channel: "DCONV", User: "UCONV",
			TS: "82.000001", Text: "who is Masengeli?"}.Callback("EvConv1"))
		eventually(t, "the first answer", func() bool { return len(inChannel("DCONV")) == 1 })
		postSlackEvent(t, lb+"/slack/events", fakeslack.Event{Type: "message", ChannelType: "im", Channel: "DCONV", User: "UCONV",
			TS: "82.000002", Text: "what did he confirm?"}.Callback("EvConv2"))
		eventually(t, "the follow-up's answer", func() bool { return len(inChannel("DCONV")) == 2 })
		if got := inChannel("DCONV")[1].Text; !strings.Contains(got, "payments") {
			t.Errorf("the follow-up on the other replica: %q", got)
		}
	})
	t.Run("without Redis they answer, degraded", func(t *testing.T) {
		rds.stop()
		postSlackEvent(t, lb+"/slack/events", fakeslack.Event{Type: "message", ChannelType: "im", Channel: "DGONE", User: "UGONE",
			TS: "83.000001", Text: kenyaQuestion}.Callback("EvGone"))
		eventually(t, "an answer without Redis", func() bool { return len(inChannel("DGONE")) >= 1 })
		eventually(t, "/readyz to say so", func() bool {
			code, body := get(t, a.url+"/readyz")
			return code == http.StatusOK && strings.Contains(body, "redis: unavailable")
		})
		if metric(t, a.url, "mssmbot_redis_errors_total")+metric(t, b.url, "mssmbot_redis_errors_total") < 1 {
			t.Error("no Redis error counted")
		}
		if !strings.Contains(a.logs.String()+b.logs.String(), "redis: unavailable") {
			t.Error("Redis going away was not logged")
		}
	})
}
