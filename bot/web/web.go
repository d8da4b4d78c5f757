// Package web serves the bot in a browser: GET / is a page to ask a
// question and read the answer as the chat platforms show it (the answer,
// the quoted evidence, the source with title, date, section and page), with
// follow-ups in the same conversation, 👍/👎 votes and example questions.
// It works without JavaScript — a form that posts and is rendered on the
// server — and, with it, answers without a reload. Everything it needs is
// embedded (html/template, a little JS and CSS); every string is escaped and
// a strict Content-Security-Policy forbids anything inline or from outside.
//
// GET /admin, when an admin token is set, is the operator's view: the
// corpus, questions per hour answered versus abstained (an SVG chart drawn
// on the server), the most frequent unanswered questions and the answers
// voted down; GET /admin/unanswered.csv exports the unanswered ones.
package web

import (
	"container/list"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"mssmbot/bot"
	"mssmbot/bot/feedback"
	"mssmbot/bot/history"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// csp forbids inline scripts and styles and anything from elsewhere.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// asker answers questions (rate limited by the caller's wrapper).
type asker interface {
	Answer(context.Context, bot.Question) bot.Answer
}

// Doc is one corpus document as the admin page lists it.
type Doc struct {
	File, Title, Date, Format string
	Units                     int
	Warnings                  []string
}

// Corpus is what the admin page shows of the corpus and its last reload.
type Corpus struct {
	Docs       []Doc
	LoadedAt   time.Time
	LastReload time.Time // zero before the first reload
	Result     string    // of the last load or reload: "loaded", "unchanged", or its error
}

// Options configure a Site.
type Options struct {
	// Asker answers the page's questions; Platform "web", the user the
	// client's address.
	Asker asker
	// Examples returns up to n example questions the corpus answers.
	Examples func(n int) []string
	// Feedback records the votes (nil: no vote buttons).
	Feedback *feedback.Recorder
	// History is what the admin page reports (nil: an empty report).
	History *history.History
	// Corpus describes the corpus for the admin page.
	Corpus func() Corpus
	// AdminToken enables /admin; empty leaves it out (404).
	AdminToken string
	// ClientAddr is the address a request came from (for the rate limit).
	ClientAddr func(*http.Request) string
	Logger     *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Site is the web page and, with a token, the admin view.
type Site struct {
	opt     Options
	tmpl    *template.Template
	log     *slog.Logger
	threads *threads
	static  http.Handler
}

// New returns the Site for opt.
func New(opt Options) (*Site, error) {
	if opt.Asker == nil {
		return nil, fmt.Errorf("web: no asker")
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.ClientAddr == nil {
		opt.ClientAddr = func(r *http.Request) string { return r.RemoteAddr }
	}
	t, err := template.New("").Funcs(template.FuncMap{
		"quoted": func(a bot.Answer, s bot.Source) bool { return a.Quoted(s) },
		"view": func(t turn, conv string, votes bool, i, n int) turnView {
			return turnView{turn: t, Conversation: conv, Votes: votes, Last: i == n-1}
		},
		"date": func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") },
	}).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	return &Site{opt: opt, tmpl: t, log: opt.Logger.With("component", "web"), threads: newThreads(2000, 12),
		static: http.StripPrefix("/static/", http.FileServerFS(sub))}, nil
}

// Register adds the routes to mux: with page, GET and POST /, POST
// /web/vote; when a token is set, the admin routes; with either, the static
// files.
func (s *Site) Register(mux *http.ServeMux, page bool) {
	if page || s.opt.AdminToken != "" {
		mux.Handle("GET /static/", s.secure(s.static.ServeHTTP))
	}
	if page {
		mux.Handle("GET /{$}", s.secure(s.page))
		mux.Handle("POST /{$}", s.secure(s.ask))
		mux.Handle("POST /web/vote", s.secure(s.vote))
	}
	if s.opt.AdminToken == "" {
		return
	}
	mux.Handle("GET /admin", s.secure(s.admin))
	mux.Handle("POST /admin/login", s.secure(s.login))
	mux.Handle("POST /admin/logout", s.secure(s.logout))
	mux.Handle("GET /admin/unanswered.csv", s.secure(s.unansweredCSV))
}

// secure sets the headers every response of the site carries.
func (s *Site) secure(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("X-Frame-Options", "DENY")
		h(w, r)
	})
}

// turn is one question and its answer in a conversation.
type turn struct {
	Answer   bot.Answer
	AnswerID string // for the vote buttons ("" without feedback)
	Voted    string // the thanks after a vote
}

// turnView is a turn as its template renders it.
type turnView struct {
	turn
	Conversation string
	Votes        bool
	Last         bool // the newest turn: the page scrolls to it
}

// pageData is what the page template renders.
type pageData struct {
	Conversation string
	Turns        []turn
	Examples     []string
	Votes        bool
	Notice       string
	Admin        bool // the operator's page is on
}

const maxQuestion = 1000

// page renders the conversation (?c=ID), asking ?q= first when given.
func (s *Site) page(w http.ResponseWriter, r *http.Request) {
	conv := validID(r.URL.Query().Get("c"))
	if q := strings.TrimSpace(r.URL.Query().Get("q")); q != "" {
		conv = s.askIn(r, conv, q)
		http.Redirect(w, r, "/?c="+conv+"#last", http.StatusSeeOther)
		return
	}
	s.render(w, r, conv, "")
}

// ask answers the posted question in its conversation: the whole page
// again, or with the fetch header only the new turn.
func (s *Site) ask(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	q := strings.TrimSpace(r.PostForm.Get("question"))
	conv := validID(r.PostForm.Get("conversation"))
	if q == "" {
		s.render(w, r, conv, "Type a question first.")
		return
	}
	if len(q) > maxQuestion {
		q = q[:maxQuestion]
	}
	conv = s.askIn(r, conv, q)
	if r.Header.Get("X-Requested-With") == "fetch" {
		ts := s.threads.get(conv)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Conversation", conv)
		if err := s.tmpl.ExecuteTemplate(w, "turn", turnView{turn: ts[len(ts)-1], Conversation: conv, Votes: s.opt.Feedback != nil, Last: true}); err != nil {
			s.log.Warn("render a turn", "err", err)
		}
		return
	}
	http.Redirect(w, r, "/?c="+conv+"#last", http.StatusSeeOther)
}

// askIn answers q in conversation conv ("" for a new one) and returns the
// conversation's id.
func (s *Site) askIn(r *http.Request, conv, q string) string {
	if conv == "" {
		conv = bot.NewConversationID()
	}
	question := bot.Question{Text: q, Platform: "web", User: s.opt.ClientAddr(r), Conversation: "web:" + conv}
	a := s.opt.Asker.Answer(r.Context(), question)
	if a.Intent == bot.IntentDropped {
		a = bot.Answer{Question: q, Intent: bot.IntentRefused, Text: "You're asking faster than I can keep up with — please wait a few seconds."}
	}
	t := turn{Answer: a}
	if s.opt.Feedback != nil {
		t.AnswerID = s.opt.Feedback.Remember(question, a)
	}
	s.threads.add(conv, t)
	return conv
}

// vote records a 👍/👎 on an answer of the page.
func (s *Site) vote(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	id, v, conv := r.PostForm.Get("answer"), r.PostForm.Get("vote"), validID(r.PostForm.Get("conversation"))
	thanks := "Votes are not recorded here."
	// Anyone may post here: only an answer this page gave takes a vote.
	if s.opt.Feedback != nil && !s.opt.Feedback.Known(id) {
		http.Error(w, "no such answer", http.StatusBadRequest)
		return
	}
	if s.opt.Feedback != nil {
		res, err := s.opt.Feedback.Vote("web", s.opt.ClientAddr(r), id, v, "")
		switch {
		case err != nil:
			http.Error(w, "bad vote", http.StatusBadRequest)
			return
		default:
			thanks = feedback.Thanks(res, v)
			s.threads.voted(conv, id, thanks)
		}
	}
	if r.Header.Get("X-Requested-With") == "fetch" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, thanks)
		return
	}
	http.Redirect(w, r, "/?c="+conv+"#last", http.StatusSeeOther)
}

// render writes the page of conversation conv.
func (s *Site) render(w http.ResponseWriter, r *http.Request, conv, notice string) {
	d := pageData{Conversation: conv, Turns: s.threads.get(conv), Votes: s.opt.Feedback != nil, Notice: notice, Admin: s.opt.AdminToken != ""}
	if s.opt.Examples != nil {
		d.Examples = s.opt.Examples(4)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.tmpl.ExecuteTemplate(w, "page.html", d); err != nil {
		s.log.Warn("render the page", "err", err)
	}
}

// validID is id when it is a conversation id this site made
// (bot.NewConversationID), else "".
func validID(id string) string {
	if len(id) != 24 {
		return ""
	}
	if _, err := hex.DecodeString(id); err != nil {
		return ""
	}
	return id
}

// threads keeps the last turns of each conversation of the page, for
// rendering it again: at most n conversations of m turns.
type threads struct {
	mu    sync.Mutex
	n, m  int
	order *list.List
	byID  map[string]*list.Element
}

type thread struct {
	id    string
	turns []turn
}

func newThreads(n, m int) *threads {
	return &threads{n: n, m: m, order: list.New(), byID: map[string]*list.Element{}}
}

func (t *threads) add(id string, tu turn) {
	t.mu.Lock()
	defer t.mu.Unlock()
	el, ok := t.byID[id]
	if !ok {
		el = t.order.PushBack(&thread{id: id})
		t.byID[id] = el
		if t.order.Len() > t.n {
			old := t.order.Front()
			t.order.Remove(old)
			delete(t.byID, old.Value.(*thread).id)
		}
	}
	th := el.Value.(*thread)
	th.turns = append(th.turns, tu)
	if len(th.turns) > t.m {
		th.turns = th.turns[len(th.turns)-t.m:]
	}
	t.order.MoveToBack(el)
}

func (t *threads) get(id string) []turn {
	t.mu.Lock()
	defer t.mu.Unlock()
	if el, ok := t.byID[id]; ok {
		return append([]turn(nil), el.Value.(*thread).turns...)
	}
	return nil
}

func (t *threads) voted(id, answer, thanks string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if el, ok := t.byID[id]; ok {
		for i := range el.Value.(*thread).turns {
			if tu := &el.Value.(*thread).turns[i]; tu.AnswerID == answer {
				tu.Voted = thanks
			}
		}
	}
}

// --- admin ---

const cookieName = "mssmbot_admin"

// session is the cookie value that proves the token was given: an HMAC of
// the token, so the cookie is no copy of it.
func (s *Site) session() string {
	m := hmac.New(sha256.New, []byte(s.opt.AdminToken))
	m.Write([]byte("mssmbot admin session"))
	return hex.EncodeToString(m.Sum(nil))
}

// equal compares secrets in constant time.
func equal(a, b string) bool {
	ha, hb := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(ha[:], hb[:]) == 1
}

// authorized: the request carries the token as a bearer or the session cookie.
func (s *Site) authorized(r *http.Request) bool {
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok && equal(strings.TrimSpace(tok), s.opt.AdminToken) {
		return true
	}
	c, err := r.Cookie(cookieName)
	return err == nil && equal(c.Value, s.session())
}

func (s *Site) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil || !equal(r.PostForm.Get("token"), s.opt.AdminToken) {
		s.loginForm(w, "That token is not right.")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: s.session(), Path: "/admin", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: 12 * 3600})
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}

func (s *Site) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/admin", MaxAge: -1, HttpOnly: true})
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}

// loginForm answers 401 with the login form.
func (s *Site) loginForm(w http.ResponseWriter, notice string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("WWW-Authenticate", `Bearer realm="mssmbot admin"`)
	w.WriteHeader(http.StatusUnauthorized)
	if err := s.tmpl.ExecuteTemplate(w, "login.html", notice); err != nil {
		s.log.Warn("render the login form", "err", err)
	}
}

// adminData is what the admin template renders.
type adminData struct {
	Corpus     Corpus
	Chart      chart
	Unanswered []history.Unanswered
	Down       []feedback.Record
	Questions  int
}

func (s *Site) admin(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		s.loginForm(w, "")
		return
	}
	d := adminData{Chart: newChart(s.opt.History.PerHour(s.opt.Now(), 24)), Unanswered: s.opt.History.Unanswered(50),
		Down: s.opt.Feedback.Recent(feedback.Down, 50), Questions: s.opt.History.Len()}
	if s.opt.Corpus != nil {
		d.Corpus = s.opt.Corpus()
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.tmpl.ExecuteTemplate(w, "admin.html", d); err != nil {
		s.log.Warn("render the admin page", "err", err)
	}
}

func (s *Site) unansweredCSV(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="mssmbot admin"`)
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="unanswered.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"question", "count", "last_asked"})
	for _, u := range s.opt.History.Unanswered(0) {
		cw.Write([]string{csvSafe(u.Question), strconv.Itoa(u.Count), u.Last.UTC().Format(time.RFC3339)})
	}
	cw.Flush()
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// chart is the SVG bar chart of questions per hour: answered below,
// abstained stacked on top.
type chart struct {
	Width, Height, Max int
	Bars               []bar
	Ticks              []tick
}

type bar struct {
	X, W                   int
	AnsY, AnsH, AbsY, AbsH int
	Label                  string
}

type tick struct {
	X     int
	Label string
}

const (
	chartW, chartH = 720, 200
	chartTop       = 10
	chartBase      = 170
)

func newChart(hours []history.Hour) chart {
	c := chart{Width: chartW, Height: chartH, Max: 1}
	for _, h := range hours {
		c.Max = max(c.Max, h.Answered+h.Abstained)
	}
	if len(hours) == 0 {
		return c
	}
	step := (chartW - 40) / len(hours)
	scale := func(n int) int { return n * (chartBase - chartTop) / c.Max }
	for i, h := range hours {
		x := 30 + i*step
		ah, bh := scale(h.Answered), scale(h.Abstained)
		c.Bars = append(c.Bars, bar{X: x, W: step - 4, AnsY: chartBase - ah, AnsH: ah, AbsY: chartBase - ah - bh, AbsH: bh,
			Label: fmt.Sprintf("%s: %d answered, %d abstained", h.Start.UTC().Format("15:04"), h.Answered, h.Abstained)})
		if i%4 == 0 {
			c.Ticks = append(c.Ticks, tick{X: x, Label: h.Start.UTC().Format("15:04")})
		}
	}
	return c
}
