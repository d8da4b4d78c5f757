package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mssmbot/bot"
	"mssmbot/bot/discord"
	"mssmbot/bot/feedback"
	"mssmbot/bot/guard"
	"mssmbot/bot/history"
	"mssmbot/bot/metrics"
	"mssmbot/bot/slack"
	"mssmbot/bot/store"
	"mssmbot/bot/web"
	"mssmbot/config"
)

// serveOptions are what `mssmbot serve` takes besides its configuration;
// tests set them to drive it without signals or real platforms.
type serveOptions struct {
	// hup delivers reload requests (SIGHUP).
	hup <-chan os.Signal
	// debounce is how long the corpus folders must be quiet after a change
	// before the reload; 0 means 500 ms.
	debounce time.Duration
	// shutdownTimeout bounds the wait for questions in flight; 0 means 10 s.
	shutdownTimeout time.Duration
	// grace, when set, replaces the configuration's shutdown grace (a
	// negative value means none).
	grace time.Duration
	// askSlots, when set, replaces how many /v1/ask questions are answered at once.
	askSlots int
	// listening, when set, is called with the bound address.
	listening func(net.Addr)
	// wrap, when set, wraps the bot (under the rate limit and metrics).
	wrap func(guard.Asker) guard.Asker
	// discordHTTPClient, when set, carries the Discord gateway's REST calls.
	discordHTTPClient *http.Client
}

const maxAskBody = 64 << 10

// requestTimeout bounds every request on the listener.
const requestTimeout = 20 * time.Second

// askSlots is how many /v1/ask questions are answered at once; more get 503.
const askSlots = 64

// component is one thing /readyz waits for (or, optional, only reports).
type component struct {
	name     string
	ready    func() bool
	optional bool
}

// serve runs the bot until ctx is done, then shuts down gracefully: it stops
// taking questions, lets those in flight finish (up to the shutdown timeout),
// closes the platform connections and the index, and returns nil. It returns
// an error when something cannot start or a platform fails for good.
func serve(ctx context.Context, cfg config.Config, log *slog.Logger, opt serveOptions) error {
	// No credential is ever logged, nor a response_url or webhook path.
	log = slog.New(newRedactHandler(log.Handler(), cfg.Discord.Token.Value(), cfg.Slack.BotToken.Value(),
		cfg.Slack.AppToken.Value(), cfg.Slack.SigningSecret.Value(), cfg.FeedbackKey.Value(), cfg.RedisURL.Value()))
	if opt.debounce <= 0 {
		opt.debounce = 500 * time.Millisecond
	}
	if opt.shutdownTimeout <= 0 {
		opt.shutdownTimeout = 10 * time.Second
	}
	nQuestions, per, err := config.ParseRateLimit(cfg.RateLimit)
	if err != nil {
		return err
	}
	m := metrics.New()
	live := &liveBot{convs: bot.NewConversations(cfg.Conversations, cfg.ConversationTTL)}
	var shared sharedState
	if u := cfg.RedisURL.Value(); u != "" {
		rds, err := store.Open(ctx, u, store.Options{Logger: log, OnError: m.RedisError})
		if err != nil {
			return &exitError{code: 1, err: fmt.Errorf("serve: %w", err)}
		}
		defer rds.Close()
		shared = sharedState{redis: rds, limiter: rds.Limiter(nQuestions, per), seen: rds.Dedupe(slack.SeenTTL)}
		live.convs = rds.Conversations(cfg.Conversations, cfg.ConversationTTL)
		log.Info("shared state in Redis: dedupe, rate limits, conversations")
	}
	fb, err := feedback.New(feedback.Options{File: cfg.Feedback, Key: []byte(cfg.FeedbackKey.Value()), OnVote: m.Feedback})
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("serve: %w", err)}
	}
	defer fb.Close()
	if cfg.FeedbackKey == "" && cfg.Feedback != "" {
		log.Warn("MSSMBOT_FEEDBACK_KEY is not set: user hashes in the feedback file change at every restart")
	}
	var inner guard.Asker = live
	if opt.wrap != nil {
		inner = opt.wrap(inner)
	}
	hist, err := history.Open(cfg.History, 0)
	if err != nil {
		return &exitError{code: 2, err: fmt.Errorf("serve: %w", err)}
	}
	defer hist.Close()
	observe := func(o guard.Observation) {
		m.Observe(o)
		if !o.Limited && !o.Panicked {
			hist.Add(history.Entry{Time: time.Now().UTC(), Platform: o.Question.Platform, Question: o.Question.Text,
				Intent: o.Answer.Intent, Answered: o.Answer.Answered}, o.Question.Private)
		}
	}
	asker := guard.New(inner, guard.Options{Questions: nQuestions, Per: per, Logger: log, Observe: observe, Limiter: shared.limiter})
	ld := &loader{dirs: cfg.Corpus, indexDir: cfg.Index, log: log, live: live, onReload: m.Reload}

	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("serve: listen: %w", err)
	}
	defer ln.Close()
	conns := newConnGuard(cmp.Or(cfg.MaxConns, maxConnsFor()))
	ln = conns.listener(ln)
	m.ConnectionsFunc(conns.count)

	// draining is set at SIGTERM: /readyz answers 503 from then on.
	var draining atomic.Bool
	var comps []component
	comps = append(comps, component{name: "index", ready: func() bool { return live.current() != nil }})
	if shared.redis != nil {
		// Redis down degrades the answers, it does not stop them: reported, still ready.
		comps = append(comps, component{name: "redis", ready: shared.redis.Ready, optional: true})
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	mux.Handle("GET /metrics", m.Handler())
	mux.Handle("POST /v1/ask", askHandler(asker, live, log, make(chan struct{}, cmp.Or(opt.askSlots, askSlots)), m.Shed("http")))
	site, err := web.New(web.Options{
		Asker:      asker,
		Examples:   func(n int) []string { return live.Suggest(ctx, "", n) },
		Feedback:   fb,
		History:    hist,
		Corpus:     func() web.Corpus { return corpusStatus(live, ld) },
		AdminToken: cfg.AdminToken.Value(),
		ClientAddr: clientAddr,
		Logger:     log,
	})
	if err != nil {
		return err
	}
	site.Register(mux, cfg.Web == "on")

	// Platforms: each enabled mode, built before anything connects.
	p, err := newPlatforms(ctx, cfg, asker, extras{feedback: fb, suggest: live.Suggest, seen: shared.seen}, m, log, opt.discordHTTPClient, mux)
	if err != nil {
		return err
	}
	comps = append(comps, p.comps...)
	for _, c := range comps {
		m.ReadyFunc(c.name, c.ready)
	}
	mux.HandleFunc("GET /readyz", readyHandler(comps, &draining))

	srv := &http.Server{
		// Every request has a deadline: its context ends, and it gets 503, after requestTimeout.
		Handler:           http.TimeoutHandler(recoverHandler(mux, log), requestTimeout, "request timed out\n"),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      requestTimeout + 5*time.Second,
		IdleTimeout:       30 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		ConnState:         conns.track,
	}
	log.Debug("connections capped", "max_conns", conns.max)
	fatal := make(chan error, 4)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fatal <- fmt.Errorf("serve: http: %w", err)
		}
	}()
	addr := ln.Addr()
	log.Info("listening", "addr", addr.String())
	if cfg.Web == "on" {
		log.Info("web page: open http://" + addr.String() + "/ in a browser")
	}
	if opt.listening != nil {
		opt.listening(addr)
	}
	if len(p.enabled) == 0 {
		log.Warn("no chat platform configured: set DISCORD_TOKEN (gateway) or DISCORD_PUBLIC_KEY (HTTP interactions) for Discord, " +
			"SLACK_BOT_TOKEN with SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (Events API) for Slack. " +
			"Meanwhile the bot answers over HTTP: curl -d '{\"question\":\"Who leads the mission?\"}' http://" + addr.String() + "/v1/ask")
	} else {
		log.Info("platforms enabled", "platforms", strings.Join(p.enabled, "; "))
	}

	// Background work stops with bg; platforms reply with a context that
	// outlives ctx, so that answers in flight at shutdown are delivered.
	bg, stopBG := context.WithCancel(ctx)
	defer stopBG()
	var wg sync.WaitGroup
	shutdown := func(cause error) error {
		stopBG()
		return shutdownAll(srv, p, live, &wg, opt.shutdownTimeout, log, cause)
	}

	if err := ld.load(ctx); err != nil {
		if ctx.Err() != nil { // stopped while indexing
			return shutdown(nil)
		}
		return shutdown(&exitError{code: 2, err: fmt.Errorf("serve: load corpus: %w", err)})
	}
	wg.Go(func() {
		if err := ld.watch(bg, opt.hup, opt.debounce); err != nil {
			log.Error("corpus reload on change is off", "err", err)
		}
	})
	p.connect(ctx, bg, &wg, fatal)

	grace := cfg.ShutdownGrace
	if opt.grace != 0 {
		grace = max(opt.grace, 0)
	}
	select {
	case <-ctx.Done():
		// Not ready first, still serving, so that a load balancer stops
		// sending before the listener closes.
		draining.Store(true)
		if grace > 0 {
			log.Info("shutting down: not ready, still serving for the grace period", "grace", grace)
			time.Sleep(grace)
		}
		log.Info("shutting down: finishing the questions in flight", "timeout", opt.shutdownTimeout)
		return shutdown(nil)
	case err := <-fatal:
		log.Error("shutting down after a fatal error", "err", err)
		return shutdown(err)
	}
}

// shutdownAll stops taking questions on every path, waits for those in
// flight (up to timeout), closes the platform connections and the index, and
// returns cause. background is done when the corpus watcher and Socket Mode
// have stopped (with their context, cancelled by the caller).
func shutdownAll(srv *http.Server, p *platforms, live *liveBot, background *sync.WaitGroup,
	timeout time.Duration, log *slog.Logger, cause error) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() {
		// Closes the listener, then waits for the requests in flight.
		if err := srv.Shutdown(ctx); err != nil {
			log.Warn("http server shutdown", "err", err)
		}
		if p.slackHTTP != nil {
			p.slackHTTP.Wait()
		}
	})
	wg.Go(func() { p.closeGateway(ctx, log) })
	// Socket Mode waits for its answers in flight before it returns.
	wg.Go(background.Wait)
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		log.Warn("shutdown: gave up waiting for questions in flight", "timeout", timeout)
		srv.Close()
		if cause == nil {
			cause = &exitError{code: 1, err: fmt.Errorf("serve: shutdown: questions still in flight after %v", timeout)}
		}
	}
	if err := live.close(ctx); err != nil {
		log.Warn("shutdown: index still in use", "err", err)
	}
	if cause == nil {
		log.Info("stopped")
	}
	return cause
}

// platforms are the enabled chat platform modes.
type platforms struct {
	gateway   *discord.Gateway
	opening   chan struct{} // set by connect; closed when the gateway's Open returned
	socket    *slack.SocketMode
	slackHTTP *slack.HTTP
	enabled   []string    // what runs, for the log
	comps     []component // what /readyz waits for
}

// newPlatforms builds every mode cfg enables, answering with asker, and
// registers the HTTP modes' handlers on mux. Only the Slack Events API
// talks to Slack here (auth.test); the connections open in connect.
// extras are what the platforms offer besides answers: vote buttons and
// autocomplete.
type extras struct {
	feedback *feedback.Recorder
	suggest  func(ctx context.Context, typed string, n int) []string
	seen     slack.Seen // nil: in this process
}

// sharedState is what replicas share through Redis; all nil without it.
type sharedState struct {
	redis   *store.Redis
	limiter guard.Limiter
	seen    slack.Seen
}

func newPlatforms(ctx context.Context, cfg config.Config, asker guard.Asker, x extras, m *metrics.Metrics, log *slog.Logger,
	discordHTTPClient *http.Client, mux *http.ServeMux) (*platforms, error) {
	p := &platforms{}
	dopts := discord.Options{
		Token: cfg.Discord.Token.Value(), GuildID: cfg.Discord.GuildID,
		ShardID: cfg.Discord.ShardID, ShardCount: cfg.Discord.ShardCount,
		PublicKey: cfg.Discord.PublicKey, Logger: log,
		OnPlatformError: m.PlatformError("discord"), OnReconnect: m.Reconnect("discord"),
		HTTPClient: discordHTTPClient,
		Feedback:   x.feedback, Suggest: x.suggest,
		OnShed: m.Shed("discord"),
	}
	sopts := slack.Options{
		BotToken: cfg.Slack.BotToken.Value(), AppToken: cfg.Slack.AppToken.Value(),
		SigningSecret: cfg.Slack.SigningSecret.Value(), APIURL: cfg.Slack.APIURL, Logger: log,
		OnPlatformError: m.PlatformError("slack"), OnReconnect: m.Reconnect("slack"),
		Feedback: x.feedback, OnShed: m.Shed("slack"), Seen: x.seen,
	}
	var err error
	if cfg.Discord.Interactions() {
		h, err := discord.NewInteractions(dopts, asker)
		if err != nil {
			return nil, err
		}
		mux.Handle("POST /discord/interactions", h)
		p.enabled = append(p.enabled, "Discord interactions at POST /discord/interactions")
	}
	if cfg.Discord.Gateway() {
		if p.gateway, err = discord.NewGateway(dopts, asker); err != nil {
			return nil, err
		}
		p.comps = append(p.comps, component{name: "discord gateway", ready: p.gateway.Ready})
		p.enabled = append(p.enabled, "Discord gateway")
	}
	if cfg.Slack.EventsAPI() {
		if p.slackHTTP, err = slack.NewHTTP(ctx, sopts, asker); err != nil {
			return nil, err
		}
		mux.Handle("POST /slack/events", p.slackHTTP.Events())
		mux.Handle("POST /slack/commands", p.slackHTTP.Commands())
		mux.Handle("POST /slack/interactions", p.slackHTTP.Interactions())
		p.enabled = append(p.enabled, "Slack Events API at POST /slack/events, /slack/commands and /slack/interactions")
	}
	if cfg.Slack.SocketMode() {
		if p.socket, err = slack.NewSocketMode(sopts, asker); err != nil {
			return nil, err
		}
		p.comps = append(p.comps, component{name: "slack socket mode", ready: p.socket.Ready})
		p.enabled = append(p.enabled, "Slack Socket Mode")
	}
	return p, nil
}

// connect opens the gateway and runs Socket Mode in the background, tracked
// by wg; an error that ends either is sent on fatal. Socket Mode stops when
// bg is done; the gateway replies with a context that outlives ctx, so that
// the answers in flight at shutdown are delivered before closeGateway.
func (p *platforms) connect(ctx, bg context.Context, wg *sync.WaitGroup, fatal chan<- error) {
	p.opening = make(chan struct{})
	if p.gateway != nil {
		wg.Go(func() {
			defer close(p.opening)
			if err := p.gateway.Open(context.WithoutCancel(ctx)); err != nil {
				fatal <- err
			}
		})
	} else {
		close(p.opening)
	}
	if p.socket != nil {
		wg.Go(func() {
			if err := p.socket.Run(bg); err != nil {
				fatal <- err
			}
		})
	}
}

// closeGateway disconnects the gateway once it is no longer opening, and
// waits for its replies in flight. It does nothing if connect never ran.
func (p *platforms) closeGateway(ctx context.Context, log *slog.Logger) {
	if p.gateway == nil || p.opening == nil {
		return
	}
	select {
	case <-p.opening:
	case <-ctx.Done():
		return
	}
	if err := p.gateway.Close(); err != nil {
		log.Warn("discord gateway close", "err", err)
	}
}

// askRequest is the body of POST /v1/ask.
type askRequest struct {
	Question string `json:"question"`
	// Conversation continues a conversation: the id an earlier answer
	// returned (or one the client chose). Empty starts a new one.
	Conversation string `json:"conversation"`
}

// askHandler answers POST /v1/ask {"question": ...} with the Answer as JSON,
// the object `mssmbot ask --json` prints. The rate limit applies per client
// address.
func askHandler(asker guard.Asker, live *liveBot, log *slog.Logger, slots chan struct{}, shed func()) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		default:
			shed()
			w.Header().Set("Retry-After", "1")
			writeJSONError(w, http.StatusServiceUnavailable, "busy: too many questions at once; try again in a second")
			return
		}
		var req askRequest
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxAskBody))
		if err := dec.Decode(&req); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeJSONError(w, http.StatusRequestEntityTooLarge, "request body too large")
				return
			}
			writeJSONError(w, http.StatusBadRequest, `want a JSON object like {"question": "Who leads the mission?"}`)
			return
		}
		if live.current() == nil {
			w.Header().Set("Retry-After", "5")
			writeJSONError(w, http.StatusServiceUnavailable, "still loading the corpus")
			return
		}
		conv := req.Conversation
		switch {
		case conv == "":
			conv = bot.NewConversationID()
		case !bot.ValidConversationID(conv):
			writeJSONError(w, http.StatusBadRequest, "conversation: want the id an earlier answer returned (at most 128 printable characters)")
			return
		}
		a := asker.Answer(r.Context(), bot.Question{Text: req.Question, Platform: "http", User: clientAddr(r), Conversation: "http:" + conv})
		a.Conversation = conv
		if a.Intent == bot.IntentDropped || a.Text == guard.SlowDownText {
			w.Header().Set("Retry-After", "5")
			writeJSONError(w, http.StatusTooManyRequests, guard.SlowDownText)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(a); err != nil {
			log.Debug("write answer", "err", err)
		}
	}
}

// clientAddr is the address a request came from, for the rate limit: the
// peer's IP, or, when the peer is a proxy on the same machine (loopback),
// the last address it appended to X-Forwarded-For.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			hops := strings.Split(xff[len(xff)-1], ",")
			if last := strings.TrimSpace(hops[len(hops)-1]); last != "" {
				return last
			}
		}
	}
	return host
}

func writeJSONError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// corpusStatus is what the admin page shows of the corpus.
func corpusStatus(live *liveBot, ld *loader) web.Corpus {
	var c web.Corpus
	c.LoadedAt, c.LastReload, c.Result = ld.status()
	if g := live.acquire(); g != nil {
		defer g.done()
		for _, s := range g.bot.Documents() {
			c.Docs = append(c.Docs, web.Doc{File: s.File, Title: s.Title, Date: s.Date, Format: s.Format, Units: s.Units, Warnings: s.Warnings})
		}
	}
	return c
}

// readyHandler answers 200 when every component is ready, else 503; the
// body lists each component's state. Once draining is set it answers 503.
func readyHandler(comps []component, draining *atomic.Bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var sb strings.Builder
		ready := true
		if draining.Load() {
			sb.WriteString("shutting down\n")
			ready = false
		}
		for _, c := range comps {
			state := "ready"
			switch {
			case c.ready():
			case c.optional:
				state = "unavailable (degraded)"
			default:
				state, ready = "not ready", false
			}
			fmt.Fprintf(&sb, "%s: %s\n", c.name, state)
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		io.WriteString(w, sb.String())
	}
}

// recoverHandler turns a panic in h into a logged 500; the server keeps
// serving.
func recoverHandler(h http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				log.Error("http handler panicked", "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		h.ServeHTTP(w, r)
	})
}
