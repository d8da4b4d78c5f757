// Package slack answers questions asked in Slack: mentions of the bot in a
// channel, direct messages and the /ask slash command. It runs over Socket
// Mode (SocketMode, no public URL needed) or over the signed Events API
// (HTTP, stateless replicas behind a load balancer). It translates Slack
// events into a bot.Question and the bot.Answer back into a Block Kit reply;
// the core in package bot knows nothing of Slack.
package slack

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"golang.org/x/time/rate"

	"mssmbot/bot"
	"mssmbot/bot/feedback"
	"mssmbot/bot/queue"
)

// DefaultAPIURL is the Slack Web API base used when Options.APIURL is empty.
const DefaultAPIURL = "https://slack.com/api/"

const (
	// maxRetries is how often a Web API call answered with 429 is retried
	// after its Retry-After.
	maxRetries = 3
	// httpTimeout bounds one Web API or response_url request.
	httpTimeout = 30 * time.Second
	// answerTimeout bounds answering and delivering one question.
	answerTimeout = 30 * time.Second
	// SeenTTL and seenLimit bound the memory used to de-duplicate events;
	// Slack retries a failed delivery for about five minutes.
	seenLimit = 10000
	SeenTTL   = time.Hour
)

// Options configures both modes. Socket Mode needs BotToken and AppToken; the
// Events API over HTTP needs BotToken and SigningSecret.
type Options struct {
	BotToken      string // SLACK_BOT_TOKEN, xoxb-
	AppToken      string // SLACK_APP_TOKEN, xapp- (Socket Mode)
	SigningSecret string // SLACK_SIGNING_SECRET (Events API over HTTP)
	// APIURL is the Web API base with a trailing slash (SLACK_API_URL);
	// empty means DefaultAPIURL.
	APIURL string
	Logger *slog.Logger
	// OnPlatformError, if set, is called for every error talking to Slack.
	OnPlatformError func(error)
	// OnReconnect, if set, is called when Socket Mode connects again after
	// losing its connection.
	OnReconnect func()
	// Feedback, when set, puts 👍/👎 buttons on every answer and records
	// the clicks.
	Feedback *feedback.Recorder
	// Workers answer and deliver in the background, fed by a queue of
	// Queue deliveries (0 means 16 and 512). When the queue is full, an
	// event is still acknowledged but its answer is shed: OnShed is called
	// and a warning logged (once a second at most).
	Workers, Queue int
	OnShed         func()
	// Seen, when set, records the deliveries seen, so that a redelivered
	// or doubly delivered event is answered once (e.g. in Redis, shared by
	// replicas); nil means in this process.
	Seen Seen
}

// Seen records deliveries: First records one under all its keys (its
// event_id, its channel and ts) and reports whether none was seen before.
type Seen interface {
	First(keys ...string) bool
}

// Defaults of Options.Workers and Options.Queue.
const (
	DefaultWorkers = 16
	DefaultQueue   = 512
)

// asker is the question-answering core as this package uses it.
type asker interface {
	Answer(context.Context, bot.Question) bot.Answer
}

// responder is what both modes share: it decides which events get an answer,
// asks the core, and delivers the reply, each at most once.
type responder struct {
	api       *slack.Client
	httpc     *http.Client
	ask       asker
	log       *slog.Logger
	onErr     func(error)
	seen      Seen
	botUserID string
	fb        *feedback.Recorder
	pool      *queue.Pool
	onShed    func()
	shedLog   rate.Sometimes
}

// newResponder builds the Web API client from opts. appToken is set only for
// Socket Mode.
func newResponder(opts Options, a asker, appToken string) (*responder, error) {
	if a == nil {
		return nil, errors.New("slack: no asker")
	}
	if !strings.HasPrefix(opts.BotToken, "xoxb-") {
		return nil, errors.New("slack: the bot token must start with xoxb-")
	}
	apiURL := opts.APIURL
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	if !strings.HasSuffix(apiURL, "/") {
		apiURL += "/"
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	logger = logger.With("component", "slack")
	workers, depth := opts.Workers, opts.Queue
	if workers <= 0 {
		workers = DefaultWorkers
	}
	if depth <= 0 {
		depth = DefaultQueue
	}
	// One client for the Web API and the response_urls, with at most one
	// connection per worker to each host.
	httpc := &http.Client{Timeout: httpTimeout, Transport: &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: httpTimeout,
		MaxConnsPerHost:       workers,
		MaxIdleConnsPerHost:   workers,
		IdleConnTimeout:       90 * time.Second,
	}}
	clientOpts := []slack.Option{
		slack.OptionAPIURL(apiURL),
		slack.OptionHTTPClient(httpc), // before OptionRetryConfig, which wraps it
		slack.OptionRetryConfig(retryConfig()),
		slack.OptionLog(debugLog{logger}),
	}
	if appToken != "" {
		clientOpts = append(clientOpts, slack.OptionAppLevelToken(appToken))
	}
	onErr := opts.OnPlatformError
	if onErr == nil {
		onErr = func(error) {}
	}
	onShed := opts.OnShed
	if onShed == nil {
		onShed = func() {}
	}
	var seen Seen = newSeenSet(seenLimit, SeenTTL)
	if opts.Seen != nil {
		seen = opts.Seen
	}
	return &responder{
		api:    slack.New(opts.BotToken, clientOpts...),
		httpc:  httpc,
		ask:    a,
		log:    logger,
		onErr:  onErr,
		seen:   seen,
		fb:     opts.Feedback,
		pool:   queue.New(workers, depth),
		onShed: onShed,
	}, nil
}

// authTest learns the bot's own user id, so that it never answers itself.
func (r *responder) authTest(ctx context.Context) error {
	res, err := r.api.AuthTestContext(ctx)
	if err != nil {
		r.onErr(err)
		return fmt.Errorf("slack: auth.test: %w", err)
	}
	r.botUserID = res.UserID
	r.log.Info("authenticated", "team", res.Team, "user", res.User, "user_id", res.UserID)
	return nil
}

// retryConfig retries a Web API call answered 429 (after its Retry-After),
// 5xx or a connection error (with backoff), up to maxRetries times.
func retryConfig() slack.RetryConfig {
	cfg := slack.DefaultRetryConfig()
	cfg.MaxRetries = maxRetries
	cfg.BackoffInitial, cfg.BackoffMax, cfg.BackoffJitter = 250*time.Millisecond, 4*time.Second, 100*time.Millisecond
	cfg.Handlers = append(slack.AllBuiltinRetryHandlers(cfg), slack.NewServerErrorRetryHandler(cfg))
	return cfg
}

// reply is one question to answer and where its answer goes: a channel
// (and thread) through chat.postMessage, or a slash command's response_url.
type reply struct {
	q           bot.Question
	channel     string
	threadTS    string
	responseURL string
	public      bool // in_channel rather than ephemeral, for response_url
	// ephemeralTo, without a response_url, posts the answer with
	// chat.postEphemeral to this user only.
	ephemeralTo string
}

// conversation is the conversation of a question from user in channel:
// the thread (its root's ts) when there is one, else the channel; one per
// user in each.
func conversation(channel, thread, user string) string {
	if channel == "" || user == "" {
		return ""
	}
	if thread == "" {
		return "slack:" + channel + ":" + user
	}
	return "slack:" + channel + ":" + thread + ":" + user
}

// fromEvent returns the reply an Events API callback asks for, or false when
// the event is not for the bot or was already seen.
func (r *responder) fromEvent(ev slackevents.EventsAPIEvent) (reply, bool) {
	if ev.Type != slackevents.CallbackEvent {
		return reply{}, false
	}
	var eventKey string
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" {
		eventKey = "event:" + cb.EventID
	}
	var (
		rep reply
		ts  string // the message's own timestamp
	)
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppMentionEvent:
		if e.BotID != "" || e.User == "" || e.User == r.botUserID || e.Edited != nil {
			return reply{}, false
		}
		rep = reply{
			q:        bot.Question{Text: r.questionText(e.Text), Platform: "slack", User: e.User},
			channel:  e.Channel,
			threadTS: firstNonEmpty(e.ThreadTimeStamp, e.TimeStamp),
		}
		rep.q.Private = strings.HasPrefix(e.Channel, "D")
		if rep.q.Private {
			rep.q.Conversation = conversation(e.Channel, e.ThreadTimeStamp, e.User)
		} else {
			// A mention is answered in a thread: the thread is the conversation.
			rep.q.Conversation = conversation(e.Channel, rep.threadTS, e.User)
		}
		ts = e.TimeStamp
	case *slackevents.MessageEvent:
		if e.ChannelType != "im" || e.SubType != "" || e.BotID != "" || e.User == "" || e.User == r.botUserID {
			return reply{}, false
		}
		rep = reply{
			q: bot.Question{Text: r.questionText(e.Text), Platform: "slack", User: e.User, Private: true,
				Conversation: conversation(e.Channel, e.ThreadTimeStamp, e.User)},
			channel:  e.Channel,
			threadTS: e.ThreadTimeStamp,
		}
		ts = e.TimeStamp
	default:
		return reply{}, false
	}
	if rep.channel == "" || ts == "" {
		return reply{}, false
	}
	// A retry repeats the event_id; one message may arrive both as
	// app_mention and as message.im, with one channel and ts.
	if !r.seen.First(eventKey, "msg:"+rep.channel+":"+ts) {
		r.log.Debug("duplicate event ignored", "event", eventKey)
		return reply{}, false
	}
	return rep, true
}

// fromCommand returns the reply a slash command asks for. Any command routed
// to the app counts as /ask. Text starting with the word "public" is answered
// in the channel, anything else privately.
func (r *responder) fromCommand(cmd slack.SlashCommand) (reply, bool) {
	if cmd.UserID == "" || cmd.UserID == r.botUserID {
		return reply{}, false
	}
	if cmd.TriggerID != "" && !r.seen.First("command:"+cmd.TriggerID) {
		return reply{}, false
	}
	text, public := publicPrefix(cmd.Text)
	return reply{
		q: bot.Question{Text: r.questionText(text), Platform: "slack", User: cmd.UserID, Private: !public,
			Conversation: conversation(cmd.ChannelID, "", cmd.UserID)},
		channel:     cmd.ChannelID,
		responseURL: cmd.ResponseURL,
		public:      public,
	}, true
}

// publicPrefix strips a leading word "public" (any case) and reports it.
func publicPrefix(text string) (string, bool) {
	t := strings.TrimSpace(text)
	const word = "public"
	if len(t) < len(word) || !strings.EqualFold(t[:len(word)], word) {
		return text, false
	}
	rest := t[len(word):]
	if rest != "" && !strings.ContainsAny(rest[:1], " \t\n") {
		return text, false // "publication ...", not the word "public"
	}
	return strings.TrimSpace(rest), true
}

// mentionRE matches a user mention as Slack encodes it: <@U123> or <@U123|name>.
var mentionRE = regexp.MustCompile(`<@([A-Z0-9]+)(?:\|[^>]*)?>`)

// questionText turns Slack message text into the question: the bot's own
// mention removed and Slack's &amp; &lt; &gt; decoded.
func (r *responder) questionText(text string) string {
	text = mentionRE.ReplaceAllStringFunc(text, func(m string) string {
		if id := mentionRE.FindStringSubmatch(m)[1]; id == r.botUserID {
			return ""
		}
		return m
	})
	return strings.TrimSpace(html.UnescapeString(text))
}

// spawn answers rep in the background, on the worker pool; when its queue
// is full the answer is shed. wait waits for all queued answers.
func (r *responder) spawn(ctx context.Context, rep reply) {
	r.background(ctx, "answer", func(ctx context.Context) { r.answer(ctx, rep) })
}

// background runs f on the worker pool with a bounded context that outlives
// ctx's cancellation, or sheds it.
func (r *responder) background(ctx context.Context, what string, f func(context.Context)) {
	ok := r.pool.Submit(func() {
		defer r.recover(what)
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), answerTimeout)
		defer cancel()
		f(ctx)
	})
	if !ok {
		r.onShed()
		r.shedLog.Do(func() {
			r.log.Warn("overloaded: shedding work, the queue is full", "what", what, "queued", r.pool.Queued())
		})
	}
}

// wait blocks until every answer queued so far is delivered or given up.
func (r *responder) wait() { r.pool.Wait() }

// answer asks the core and delivers the reply. It recovers from panics.
func (r *responder) answer(ctx context.Context, rep reply) {
	defer r.recover("answer")
	// The asker logs each question (the guard does, one line each); this
	// logs only what went wrong delivering it, and details at debug level.
	log := r.log.With("channel", rep.channel, "user", rep.q.User)
	a := r.ask.Answer(ctx, rep.q)
	if a.Intent == bot.IntentDropped {
		log.Debug("dropped: over the rate limit, told already")
		return
	}
	if err := r.deliver(ctx, rep, a); err != nil {
		r.onErr(err)
		log.Error("reply not delivered", "err", err)
		return
	}
	log.Debug("answered", "intent", a.Intent, "answered", a.Answered)
}

// deliver posts the rendered answer, with its vote buttons, where rep says.
func (r *responder) deliver(ctx context.Context, rep reply, a bot.Answer) error {
	fallback, blocks := render(a)
	if b := voteBlock(r.fb.Remember(rep.q, a)); b != nil {
		blocks = append(blocks, b)
	}
	if rep.responseURL != "" {
		return r.postWebhook(ctx, rep.responseURL, webhookMessage(fallback, blocks, rep.public))
	}
	if rep.ephemeralTo != "" {
		if _, err := r.api.PostEphemeralContext(ctx, rep.channel, rep.ephemeralTo, slack.MsgOptionText(fallback, false), slack.MsgOptionBlocks(blocks...)); err != nil {
			return fmt.Errorf("slack: chat.postEphemeral to %s: %w", rep.channel, err)
		}
		return nil
	}
	opts := []slack.MsgOption{
		slack.MsgOptionText(fallback, false), // already escaped
		slack.MsgOptionBlocks(blocks...),
		slack.MsgOptionDisableLinkUnfurl(),
		slack.MsgOptionDisableMediaUnfurl(),
	}
	if rep.threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(rep.threadTS))
	}
	if _, _, err := r.api.PostMessageContext(ctx, rep.channel, opts...); err != nil {
		return fmt.Errorf("slack: chat.postMessage to %s: %w", rep.channel, err)
	}
	return nil
}

// postWebhook posts msg to a response_url, retrying as the Web API client
// does: after a 429's Retry-After, and with backoff after a 5xx or a
// connection error.
func (r *responder) postWebhook(ctx context.Context, url string, msg *slack.WebhookMessage) error {
	backoff := 250 * time.Millisecond
	for attempt := 0; ; attempt++ {
		err := slack.PostWebhookCustomHTTPContext(ctx, url, r.httpc, msg)
		var rl *slack.RateLimitedError
		if err != nil && !errors.As(err, &rl) && transient(err) && attempt < maxRetries && ctx.Err() == nil {
			t := time.NewTimer(backoff)
			select {
			case <-ctx.Done():
				t.Stop()
			case <-t.C:
			}
			backoff = min(2*backoff, 4*time.Second)
			continue
		}
		if err == nil || !errors.As(err, &rl) || attempt == maxRetries {
			if err != nil {
				// The URL lets anyone post in the channel: never in an error.
				return fmt.Errorf("slack: post to response_url: %s", strings.ReplaceAll(err.Error(), url, "[response_url]"))
			}
			return nil
		}
		t := time.NewTimer(max(rl.RetryAfter, time.Second))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("slack: post to response_url: %w", ctx.Err())
		case <-t.C:
		}
	}
}

// transient: a webhook post failed with a 5xx or a connection error, which
// a retry may get past (not a 4xx).
func transient(err error) bool {
	var se slack.StatusCodeError
	if errors.As(err, &se) {
		return se.Code >= 500
	}
	var ne net.Error
	var oe *net.OpError
	return errors.As(err, &ne) || errors.As(err, &oe) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

// webhookMessage is a slash command's answer for its response_url.
func webhookMessage(fallback string, blocks []slack.Block, public bool) *slack.WebhookMessage {
	no := false
	msg := &slack.WebhookMessage{
		Text:         fallback,
		Blocks:       &slack.Blocks{BlockSet: blocks},
		ResponseType: slack.ResponseTypeEphemeral,
		UnfurlLinks:  &no,
		UnfurlMedia:  &no,
	}
	if public {
		msg.ResponseType = slack.ResponseTypeInChannel
	}
	return msg
}

// recover logs a panic in what and lets the caller carry on serving.
func (r *responder) recover(what string) {
	if v := recover(); v != nil {
		r.log.Error("panic recovered", "in", what, "panic", v, "stack", string(debug.Stack()))
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// debugLog routes slack-go's own logging to a slog.Logger at debug level.
type debugLog struct{ log *slog.Logger }

// Output implements slack-go's logger interface.
func (d debugLog) Output(_ int, s string) error {
	d.log.Debug(strings.TrimSpace(s), "source", "slack-go")
	return nil
}
