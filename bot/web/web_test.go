package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"mssmbot/bot"
	"mssmbot/bot/feedback"
	"mssmbot/bot/history"
	"mssmbot/bot/web"
)

// echo answers every question; "unknown" ones are abstentions, and one
// holds markup from a "document".
type echo struct{}

func (echo) Answer(_ context.Context, q bot.Question) bot.Answer {
	if strings.Contains(q.Text, "unknown") {
		return bot.Answer{Question: q.Text, Intent: bot.IntentWhat, Text: "The sources don't answer that.", Sources: []bot.Source{}}
	}
	return bot.Answer{Question: q.Text, Intent: bot.IntentWhat, Answered: true, Text: "<script>alert(1)</script> answer",
		Short: "answer", Conversation: q.Conversation,
		Sources: []bot.Source{{Doc: "d.md", Title: "A <b>title</b>", Date: "2024-08-28", Text: "<img src=x onerror=alert(1)>", Section: "Intro", Page: 3}}}
}

const token = "admin-token-0123456789"

func newSite(t *testing.T, admin string) (*httptest.Server, *history.History) {
	t.Helper()
	fb, err := feedback.New(feedback.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, err := history.Open("", 0)
	if err != nil {
		t.Fatal(err)
	}
	s, err := web.New(web.Options{Asker: echo{}, Feedback: fb, History: h, AdminToken: admin,
		Examples: func(n int) []string { return []string{"Who leads the <mission>?"} },
		Corpus: func() web.Corpus {
			return web.Corpus{Docs: []web.Doc{{File: "d.md", Title: "T", Format: "markdown", Units: 3}}, Result: "loaded"}
		}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	s.Register(mux, true)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, h
}

func get(t *testing.T, c *http.Client, u string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestPageEscapesAndSecures(t *testing.T) {
	srv, _ := newSite(t, "")
	c := srv.Client()
	resp, body := get(t, c, srv.URL+"/")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Fatalf("GET /: %d, CSP %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"))
	}
	if !strings.Contains(body, "Who leads the &lt;mission&gt;?") || strings.Contains(body, "<mission>") {
		t.Errorf("an example is not escaped:\n%s", body)
	}
	// Ask without JavaScript: the form posts, the answer page is rendered.
	resp, err := c.PostForm(srv.URL+"/", url.Values{"question": {"who leads it?"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(b)
	for _, bad := range []string{"<script>alert", "<img src=x", "<b>title</b>"} {
		if strings.Contains(page, bad) {
			t.Errorf("corpus markup %q rendered as markup", bad)
		}
	}
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt; answer", "&lt;img src=x onerror=alert(1)&gt;", "A &lt;b&gt;title&lt;/b&gt;", "2024-08-28", "§Intro, p. 3", "👍"} {
		if !strings.Contains(page, want) {
			t.Errorf("the answer page lacks %q", want)
		}
	}
	if !strings.Contains(resp.Request.URL.RawQuery, "c=") {
		t.Errorf("not redirected to the conversation: %s", resp.Request.URL)
	}
	// The fetch path returns the new turn only.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader("question=since+when%3F"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Requested-With", "fetch")
	r2, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	frag, _ := io.ReadAll(r2.Body)
	r2.Body.Close()
	if strings.Contains(string(frag), "<html") || !strings.Contains(string(frag), `class="turn`) || r2.Header.Get("X-Conversation") == "" {
		t.Errorf("fetch answer: %s", frag)
	}
	// A vote must name an answer the page gave.
	if resp, err := c.PostForm(srv.URL+"/web/vote", url.Values{"answer": {"feedfacefeedface"}, "vote": {"down"}}); err != nil || resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a vote on an unknown answer: %v %v, want 400", err, resp)
	}
	id := page[strings.Index(page, `name="answer" value="`)+len(`name="answer" value="`):]
	id = id[:strings.IndexByte(id, '"')]
	if resp, err := c.PostForm(srv.URL+"/web/vote", url.Values{"answer": {id}, "vote": {"up"}}); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("a vote on the page's answer %q: %v %v", id, err, resp)
	}
	if resp, _ := get(t, c, srv.URL+"/admin"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /admin without a token configured: %d, want 404", resp.StatusCode)
	}
	if resp, body := get(t, c, srv.URL+"/static/app.js"); resp.StatusCode != 200 || !strings.Contains(body, "fetch") {
		t.Errorf("GET /static/app.js: %d", resp.StatusCode)
	}
}

func TestAdmin(t *testing.T) {
	srv, h := newSite(t, token)
	now := time.Now().UTC()
	for _, e := range []history.Entry{
		{Time: now, Platform: "slack", Question: "How many submarines?", Answered: false, Intent: "count"},
		{Time: now, Platform: "slack", Question: "how many  submarines", Answered: false, Intent: "count"},
		{Time: now, Platform: "discord", Question: "Who leads it?", Answered: true, Intent: "who"},
		{Time: now, Platform: "slack", Question: "a secret DM question", Answered: false, Intent: "what"},
	} {
		h.Add(e, e.Question == "a secret DM question")
	}
	c := srv.Client()
	cases := []struct {
		name   string
		header []string
		code   int
	}{
		{"no credentials", nil, http.StatusUnauthorized},
		{"wrong bearer", []string{"Authorization", "Bearer nope"}, http.StatusUnauthorized},
		{"bearer", []string{"Authorization", "Bearer " + token}, http.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, c, srv.URL+"/admin", tc.header...)
			if resp.StatusCode != tc.code {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.code)
			}
			if tc.code != 200 {
				if !strings.Contains(body, `name="token"`) {
					t.Errorf("401 without the login form")
				}
				return
			}
			if !strings.Contains(body, "how many  submarines") && !strings.Contains(body, "How many submarines?") {
				t.Errorf("the unanswered question is missing:\n%s", body)
			}
			if strings.Contains(body, "secret DM") {
				t.Error("a private question is on the admin page")
			}
			if !strings.Contains(body, "<svg") || !strings.Contains(body, "<rect") || !strings.Contains(body, "d.md") {
				t.Error("the chart or the corpus is missing")
			}
		})
	}
	// The login form sets a session cookie that is no copy of the token.
	jar := &cookieJar{}
	cc := &http.Client{Jar: jar}
	resp, err := cc.PostForm(srv.URL+"/admin/login", url.Values{"token": {token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.Contains(jar.String(), token) {
		t.Errorf("login: %d, cookies %q", resp.StatusCode, jar.String())
	}
	if resp, err := cc.PostForm(srv.URL+"/admin/login", url.Values{"token": {"wrong"}}); err == nil && resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong token logged in: %d", resp.StatusCode)
	}
	// CSV: grouped by normalized text, with counts.
	resp2, csv := get(t, c, srv.URL+"/admin/unanswered.csv", "Authorization", "Bearer "+token)
	if resp2.StatusCode != 200 || !strings.HasPrefix(csv, "question,count,last_asked\n") || !strings.Contains(csv, ",2,") || strings.Contains(csv, "secret") {
		t.Errorf("CSV: %d\n%s", resp2.StatusCode, csv)
	}
	if resp, _ := get(t, c, srv.URL+"/admin/unanswered.csv"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("CSV without credentials: %d, want 401", resp.StatusCode)
	}
}

// cookieJar is the smallest http.CookieJar: one host, no expiry.
type cookieJar struct{ cookies []*http.Cookie }

func (j *cookieJar) SetCookies(_ *url.URL, cs []*http.Cookie) { j.cookies = append(j.cookies, cs...) }
func (j *cookieJar) Cookies(*url.URL) []*http.Cookie          { return j.cookies }
func (j *cookieJar) String() string {
	var s []string
	for _, c := range j.cookies {
		s = append(s, c.Name+"="+c.Value)
	}
	return strings.Join(s, "; ")
}
