// Package config is the configuration of `mssmbot serve`: plain data read from
// a YAML file, the environment and command-line flags, each overriding the one
// before, and validated before anything connects.
package config

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/caarlos0/env/v11"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"
)

// Defaults.
const (
	DefaultListen    = "127.0.0.1:8080"
	DefaultLogLevel  = "info"
	DefaultLogFormat = "text"
	DefaultRateLimit = "5/10s"
	DefaultSlackAPI  = "https://slack.com/api/"
	// DefaultConversations and DefaultConversationTTL bound the follow-up memory.
	DefaultConversations   = 10000
	DefaultConversationTTL = 30 * time.Minute
	DefaultShutdownGrace   = 5 * time.Second
)

// Config is the effective configuration.
type Config struct {
	// Listen is the address of the HTTP server (host:port).
	Listen string `yaml:"listen" env:"MSSMBOT_LISTEN"`
	// Corpus lists folders of .md/.txt documents; empty means the embedded corpus.
	Corpus []string `yaml:"corpus" env:"MSSMBOT_CORPUS" envSeparator:":"`
	// Index is a folder that keeps the index built at start; empty means a temporary one.
	Index string `yaml:"index" env:"MSSMBOT_INDEX"`
	Log   Log    `yaml:"log"`
	// RateLimit is how many questions one user may ask in a period, as
	// "N/DURATION" (e.g. "5/10s"), or "off".
	RateLimit string `yaml:"rate_limit" env:"MSSMBOT_RATE_LIMIT"`
	// Conversations is how many conversations (threads, DMs, HTTP
	// conversation ids) keep their last answered question for follow-ups.
	Conversations int `yaml:"conversations" env:"MSSMBOT_CONVERSATIONS"`
	// ConversationTTL is how long after its last answered question a
	// conversation is forgotten.
	ConversationTTL time.Duration `yaml:"conversation_ttl" env:"MSSMBOT_CONVERSATION_TTL"`
	// Feedback is a JSON-lines file that receives every 👍/👎 vote; empty
	// means the votes are only counted.
	Feedback string `yaml:"feedback" env:"MSSMBOT_FEEDBACK"`
	// FeedbackKey is the key of the hash that stands for user ids in the
	// feedback file; empty means a random key per process.
	FeedbackKey Secret `yaml:"feedback_key" env:"MSSMBOT_FEEDBACK_KEY"`
	// ShutdownGrace is how long, after SIGTERM, /readyz answers 503 while
	// the listener still serves, so that a load balancer stops sending
	// before the connections close.
	ShutdownGrace time.Duration `yaml:"shutdown_grace" env:"MSSMBOT_SHUTDOWN_GRACE"`
	// MaxConns caps the HTTP listener's concurrent connections; 0 means
	// half the process's descriptor limit.
	MaxConns int `yaml:"max_conns" env:"MSSMBOT_MAX_CONNS"`
	// RedisURL, when set (redis://[:password@]host:port[/db]), keeps Slack's
	// dedupe, the rate limits and the conversations in Redis, shared by
	// every replica.
	RedisURL Secret `yaml:"redis_url" env:"MSSMBOT_REDIS_URL"`
	// Web is "on" (the default) to serve the web page at GET /, "off" not to.
	Web string `yaml:"web" env:"MSSMBOT_WEB"`
	// AdminToken, when set, enables GET /admin for whoever gives it.
	AdminToken Secret `yaml:"admin_token" env:"MSSMBOT_ADMIN_TOKEN"`
	// History is a JSON-lines file keeping the questions asked (not the
	// private ones) for the admin page across restarts; empty: in memory.
	History string  `yaml:"history" env:"MSSMBOT_HISTORY"`
	Discord Discord `yaml:"discord"`
	Slack   Slack   `yaml:"slack"`
}

// Log configures the structured log.
type Log struct {
	// Level is debug, info, warn or error.
	Level string `yaml:"level" env:"MSSMBOT_LOG_LEVEL"`
	// Format is text or json.
	Format string `yaml:"format" env:"MSSMBOT_LOG_FORMAT"`
}

// Discord configures the Discord adapter: the gateway when Token is set, the
// HTTP interactions endpoint when PublicKey is set.
type Discord struct {
	Token Secret `yaml:"token" env:"DISCORD_TOKEN"`
	// PublicKey is the application's Ed25519 public key, 64 hex characters.
	PublicKey string `yaml:"public_key" env:"DISCORD_PUBLIC_KEY"`
	// GuildID registers the commands in one server (instantly) instead of globally.
	GuildID    string `yaml:"guild_id" env:"DISCORD_GUILD_ID"`
	ShardID    int    `yaml:"shard_id" env:"DISCORD_SHARD_ID"`
	ShardCount int    `yaml:"shard_count" env:"DISCORD_SHARD_COUNT"`
}

// Gateway reports whether the gateway connection is enabled.
func (d Discord) Gateway() bool { return d.Token != "" }

// Interactions reports whether the HTTP interactions endpoint is enabled.
func (d Discord) Interactions() bool { return d.PublicKey != "" }

// Slack configures the Slack adapter: Socket Mode when AppToken is set, the
// Events API over HTTP when SigningSecret is set; both need BotToken.
type Slack struct {
	AppToken      Secret `yaml:"app_token" env:"SLACK_APP_TOKEN"`
	BotToken      Secret `yaml:"bot_token" env:"SLACK_BOT_TOKEN"`
	SigningSecret Secret `yaml:"signing_secret" env:"SLACK_SIGNING_SECRET"`
	// APIURL is the Web API base, ending in a slash.
	APIURL string `yaml:"api_url" env:"SLACK_API_URL"`
}

// SocketMode reports whether the Socket Mode connection is enabled.
func (s Slack) SocketMode() bool { return s.AppToken != "" }

// EventsAPI reports whether the HTTP Events API endpoints are enabled.
func (s Slack) EventsAPI() bool { return s.SigningSecret != "" }

// Default returns the configuration before any file, environment or flag.
func Default() Config {
	return Config{
		Listen:    DefaultListen,
		Log:       Log{Level: DefaultLogLevel, Format: DefaultLogFormat},
		RateLimit: DefaultRateLimit,
		Slack:     Slack{APIURL: DefaultSlackAPI},

		Conversations:   DefaultConversations,
		ConversationTTL: DefaultConversationTTL,
		ShutdownGrace:   DefaultShutdownGrace,
		Web:             "on",
	}
}

// Secret is a credential. Every way of printing it — fmt, slog, YAML, JSON —
// shows "[redacted]" (or nothing when it is empty); Value returns the secret.
type Secret string

const redacted = "[redacted]"

// Value returns the secret itself, for handing to a client library.
func (s Secret) Value() string { return string(s) }

// String redacts the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// GoString redacts the secret.
func (s Secret) GoString() string { return fmt.Sprintf("%q", s.String()) }

// LogValue redacts the secret in logs.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalYAML redacts the secret.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// MarshalText redacts the secret (JSON and other encoders).
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// AddFlags registers on fs the flags that Load reads: --listen, --corpus,
// --index, --log-level, --log-format and --rate-limit. Secrets have no flags:
// command lines are visible to every user of the machine.
func AddFlags(fs *pflag.FlagSet) {
	fs.String("listen", DefaultListen, "serve HTTP on `ADDR` (host:port; env MSSMBOT_LISTEN)")
	fs.StringArray("corpus", nil, "answer from the .md/.txt files under `DIR` instead of the embedded corpus (repeatable; env MSSMBOT_CORPUS, colon-separated)")
	fs.String("index", "", "keep the index in `DIR` (env MSSMBOT_INDEX)")
	fs.String("log-level", DefaultLogLevel, "log `LEVEL`: debug, info, warn or error (env MSSMBOT_LOG_LEVEL)")
	fs.String("log-format", DefaultLogFormat, "log `FORMAT`: text or json (env MSSMBOT_LOG_FORMAT)")
	fs.String("rate-limit", DefaultRateLimit, "questions per user, as `N/DURATION` or off (env MSSMBOT_RATE_LIMIT)")
	fs.String("feedback", "", "append every 👍/👎 vote to the JSON-lines `FILE` (env MSSMBOT_FEEDBACK)")
}

// Load returns the configuration: the defaults, overridden by the YAML file r
// (nil for none), overridden by the environment environ ("KEY=value" entries
// as os.Environ returns them), overridden by the flags AddFlags registered on
// fs that were set (fs may be nil). An unknown key in the file is an error.
// Load does not Validate.
func Load(r io.Reader, environ []string, fs *pflag.FlagSet) (Config, error) {
	c := Default()
	if r != nil {
		dec := yaml.NewDecoder(r)
		dec.KnownFields(true)
		if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
			return Config{}, fmt.Errorf("config file: %w", yamlError(err))
		}
	}
	if err := env.ParseWithOptions(&c, env.Options{Environment: env.ToMap(environ)}); err != nil {
		return Config{}, fmt.Errorf("config environment: %w", envError(err))
	}
	if fs != nil {
		if err := applyFlags(&c, fs); err != nil {
			return Config{}, fmt.Errorf("config flags: %w", err)
		}
	}
	if c.Slack.APIURL != "" && !strings.HasSuffix(c.Slack.APIURL, "/") {
		c.Slack.APIURL += "/"
	}
	return c, nil
}

func applyFlags(c *Config, fs *pflag.FlagSet) error {
	strs := []struct {
		name string
		dst  *string
	}{
		{"listen", &c.Listen},
		{"index", &c.Index},
		{"log-level", &c.Log.Level},
		{"log-format", &c.Log.Format},
		{"rate-limit", &c.RateLimit},
		{"feedback", &c.Feedback},
	}
	for _, f := range strs {
		if fs.Lookup(f.name) == nil || !fs.Changed(f.name) {
			continue
		}
		v, err := fs.GetString(f.name)
		if err != nil {
			return err
		}
		*f.dst = v
	}
	if fs.Lookup("corpus") != nil && fs.Changed("corpus") {
		v, err := fs.GetStringArray("corpus")
		if err != nil {
			return err
		}
		c.Corpus = v
	}
	return nil
}

// envError rewrites the env library's parse errors to name the variable.
func envError(err error) error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return err
	}
	msgs := make([]string, 0, len(agg.Errors))
	for _, e := range agg.Errors {
		var pe env.ParseError
		if errors.As(e, &pe) {
			if name := envName(reflect.TypeFor[Config](), pe.Name); name != "" {
				msgs = append(msgs, fmt.Sprintf("%s is not a valid %s", name, pe.Type))
				continue
			}
		}
		msgs = append(msgs, e.Error())
	}
	return errors.New(strings.Join(msgs, "; "))
}

// envName returns the env tag of the field called field in t or its nested structs.
func envName(t reflect.Type, field string) string {
	for _, f := range reflect.VisibleFields(t) {
		if f.Name == field {
			return f.Tag.Get("env")
		}
		if f.Type.Kind() == reflect.Struct {
			if name := envName(f.Type, field); name != "" {
				return name
			}
		}
	}
	return ""
}

var unknownField = regexp.MustCompile(`^line (\d+): field (\S+) not found in type config\.(\w+)$`)

// yamlError rewrites yaml.v3's unknown-field errors in the file's own terms.
func yamlError(err error) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	msgs := make([]string, 0, len(te.Errors))
	for _, e := range te.Errors {
		m := unknownField.FindStringSubmatch(e)
		if m == nil {
			msgs = append(msgs, e)
			continue
		}
		key := m[2]
		if section := sectionOf(m[3]); section != "" {
			key = section + "." + key
		}
		msgs = append(msgs, fmt.Sprintf("line %s: unknown key %q", m[1], key))
	}
	return errors.New(strings.Join(msgs, "; "))
}

func sectionOf(typeName string) string {
	switch typeName {
	case "Log":
		return "log"
	case "Discord":
		return "discord"
	case "Slack":
		return "slack"
	}
	return ""
}

// Redacted returns the configuration as YAML with every secret redacted.
func (c Config) Redacted() string {
	b, err := yaml.Marshal(c)
	if err != nil { // unreachable: Config holds only strings and ints
		return fmt.Sprintf("config: %v", err)
	}
	return string(b)
}
