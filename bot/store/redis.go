// Package store keeps the state that replicas of `mssmbot serve` must share
// — Slack's delivery dedupe, the rate limits and the conversations' last
// turns — in Redis (github.com/redis/go-redis/v9), so that any number of
// replicas behind a load balancer behave as one. Without Redis each process
// keeps its own (the adapters' in-process defaults).
//
// When Redis goes away the bot keeps answering, degraded: deliveries are no
// longer deduplicated, rate limits and conversations fall back to this
// process; every failure is counted and logged (once a second at most), and
// Ready reports it until Redis answers again.
package store

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/time/rate"

	"mssmbot/bot"
	"mssmbot/bot/guard"
)

// opTimeout bounds one Redis operation: a slow Redis must not hold up an answer.
const opTimeout = 300 * time.Millisecond

// Redis is the shared state in one Redis server.
type Redis struct {
	c       *redis.Client
	log     *slog.Logger
	onError func()
	errLog  rate.Sometimes
	ok      atomic.Bool
	stop    context.CancelFunc
	done    chan struct{}
}

// Options configure Open.
type Options struct {
	Logger *slog.Logger
	// OnError, when set, is called for every failed Redis operation.
	OnError func()
}

// Open connects to the Redis at url (redis://[:password@]host:port[/db]),
// checks it answers, and watches it (a PING a second) until Close.
func Open(ctx context.Context, url string, opt Options) (*Redis, error) {
	ro, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("store: redis URL: %w", err) // the URL may hold a password: not in the error
	}
	ro.DialTimeout, ro.ReadTimeout, ro.WriteTimeout = time.Second, opTimeout, opTimeout
	ro.MaxRetries = 1
	r := &Redis{c: redis.NewClient(ro), log: opt.Logger, onError: opt.OnError, errLog: rate.Sometimes{Interval: time.Second}, done: make(chan struct{})}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	if r.onError == nil {
		r.onError = func() {}
	}
	pctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := r.c.Ping(pctx).Err(); err != nil {
		r.c.Close()
		return nil, fmt.Errorf("store: redis at %s: %w", ro.Addr, err)
	}
	r.ok.Store(true)
	wctx, stop := context.WithCancel(context.Background())
	r.stop = stop
	go r.watch(wctx)
	return r, nil
}

// watch pings Redis every second and keeps Ready up to date.
func (r *Redis) watch(ctx context.Context) {
	defer close(r.done)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, opTimeout)
		err := r.c.Ping(pctx).Err()
		cancel()
		if err != nil {
			r.failed("ping", err)
		} else if !r.ok.Swap(true) {
			r.log.Info("redis: answering again; shared state restored")
		}
	}
}

// Ready reports whether Redis answered its last operation.
func (r *Redis) Ready() bool { return r.ok.Load() }

// Close stops watching and closes the connections.
func (r *Redis) Close() error {
	r.stop()
	<-r.done
	return r.c.Close()
}

// failed counts and logs a failed operation and marks Redis not ready.
func (r *Redis) failed(op string, err error) {
	r.onError()
	if r.ok.Swap(false) {
		r.log.Error("redis: unavailable; answering degraded (no dedupe, per-process rate limits and conversations)", "op", op, "err", err)
		return
	}
	r.errLog.Do(func() { r.log.Warn("redis: still unavailable", "op", op, "err", err) })
}

// firstScript sets every key (with a TTL) unless one of them exists: one
// delivery seen under all its keys at once.
var firstScript = redis.NewScript(`
for i, k in ipairs(KEYS) do
  if redis.call("EXISTS", k) == 1 then return 0 end
end
for i, k in ipairs(KEYS) do
  redis.call("SET", k, "1", "EX", ARGV[1])
end
return 1`)

// Dedupe is the shared record of Slack deliveries seen; its First is the
// Slack adapter's Options.Seen.
type Dedupe struct {
	r   *Redis
	ttl time.Duration
}

// Dedupe returns the delivery record, each delivery kept for ttl.
func (r *Redis) Dedupe(ttl time.Duration) *Dedupe { return &Dedupe{r: r, ttl: ttl} }

// First records a delivery under its keys and reports whether none of them
// was seen. When Redis fails it reports true: answering twice beats not
// answering.
func (d *Dedupe) First(keys ...string) bool {
	var ks []string
	for _, k := range keys {
		if k != "" {
			ks = append(ks, "mssmbot:seen:"+k)
		}
	}
	if len(ks) == 0 {
		return true
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	n, err := firstScript.Run(ctx, d.r.c, ks, int(d.ttl.Seconds())).Int()
	if err != nil {
		d.r.failed("dedupe", err)
		return true
	}
	return n == 1
}

// Limiter is the shared rate limit: n questions per fixed window of per for
// each user, and one "slow down" per user and window. It falls back to a
// limiter in this process when Redis fails.
type Limiter struct {
	r        *Redis
	n        int
	per      time.Duration
	fallback *guard.LocalLimiter
}

// Limiter returns the shared rate limit of n questions per period.
func (r *Redis) Limiter(n int, per time.Duration) *Limiter {
	return &Limiter{r: r, n: n, per: per, fallback: guard.NewLocalLimiter(n, per)}
}

// Allow implements guard.Limiter.
func (l *Limiter) Allow(key string, now time.Time) guard.Verdict {
	if l.n <= 0 || l.per <= 0 {
		return guard.Allowed
	}
	window := strconv.FormatInt(now.UnixNano()/int64(l.per), 10)
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	k := "mssmbot:rate:" + key + ":" + window
	pipe := l.r.c.TxPipeline()
	incr := pipe.Incr(ctx, k)
	pipe.Expire(ctx, k, 2*l.per)
	if _, err := pipe.Exec(ctx); err != nil {
		l.r.failed("rate limit", err)
		return l.fallback.Allow(key, now)
	}
	if incr.Val() <= int64(l.n) {
		return guard.Allowed
	}
	warned, err := l.r.c.SetNX(ctx, "mssmbot:warned:"+key+":"+window, "1", 2*l.per).Result()
	if err != nil {
		l.r.failed("rate limit", err)
		return guard.Warn
	}
	if warned {
		return guard.Warn
	}
	return guard.Drop
}

// Conversations is the shared store of conversations' last turns, each
// kept for ttl after its last answer; it falls back to a store in this
// process when Redis fails.
type Conversations struct {
	r        *Redis
	ttl      time.Duration
	fallback *bot.Conversations
}

// Conversations returns the shared conversation store.
func (r *Redis) Conversations(limit int, ttl time.Duration) *Conversations {
	return &Conversations{r: r, ttl: ttl, fallback: bot.NewConversations(limit, ttl)}
}

// Load implements bot.ConversationStore.
func (c *Conversations) Load(key string) *Turn {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	b, err := c.r.c.Get(ctx, "mssmbot:conv:"+key).Bytes()
	switch {
	case err == redis.Nil:
		return nil
	case err != nil:
		c.r.failed("conversation", err)
		return c.fallback.Load(key)
	}
	var t bot.Turn
	if err := json.Unmarshal(b, &t); err != nil {
		c.r.log.Warn("redis: a conversation's turn does not decode; starting afresh", "err", err)
		return nil
	}
	return &t
}

// Turn is the bot's Turn.
type Turn = bot.Turn

// Store implements bot.ConversationStore.
func (c *Conversations) Store(key string, t *Turn) {
	c.fallback.Store(key, t)
	b, err := json.Marshal(t)
	if err != nil {
		c.r.log.Warn("redis: a turn does not encode", "err", err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	if err := c.r.c.Set(ctx, "mssmbot:conv:"+key, b, c.ttl).Err(); err != nil {
		c.r.failed("conversation", err)
	}
}
