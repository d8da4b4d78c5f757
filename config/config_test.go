package config_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"mssmbot/config"
)

const (
	botToken   = "xoxb-1111-2222-s3cr3tBOT"
	appToken   = "xapp-1-A111-s3cr3tAPP"
	signing    = "8f742231b10e8888abcd99yyyzzz85a5"
	discordTok = "MTIzNDU2Nzg5.s3cr3tDISCORD.abcdef"
	publicKey  = "e3e6f0a3c7bd1d2cbb9b9e1e4cbbd4cbd1ae0b34bbf6c7ea4a8f1d2b3c4d5e6f"
)

func flags(tb testing.TB, args ...string) *pflag.FlagSet {
	tb.Helper()
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	config.AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		tb.Fatalf("parse flags %q: %v", args, err)
	}
	return fs
}

func TestLoadPrecedence(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		env   []string
		args  []string
		check func(config.Config) string
	}{
		{
			name: "defaults",
			check: func(c config.Config) string {
				return fmt.Sprint(c.Listen, " ", c.Log.Level, " ", c.Log.Format, " ", c.RateLimit, " ", c.Slack.APIURL, " ", len(c.Corpus))
			},
		},
		{
			name: "file over default",
			file: "listen: 0.0.0.0:9000\nlog:\n  level: debug\n",
			check: func(c config.Config) string {
				return fmt.Sprint(c.Listen, " ", c.Log.Level)
			},
		},
		{
			name: "env over file",
			file: "listen: 0.0.0.0:9000\nrate_limit: 3/1m\n",
			env:  []string{"MSSMBOT_LISTEN=127.0.0.1:9100", "PATH=/bin"},
			check: func(c config.Config) string {
				return fmt.Sprint(c.Listen, " ", c.RateLimit)
			},
		},
		{
			name: "flag over env over file",
			file: "listen: 0.0.0.0:9000\n",
			env:  []string{"MSSMBOT_LISTEN=127.0.0.1:9100"},
			args: []string{"--listen", "127.0.0.1:9200"},
			check: func(c config.Config) string {
				return c.Listen
			},
		},
		{
			name: "unset flag keeps env",
			env:  []string{"MSSMBOT_LOG_FORMAT=json"},
			args: []string{"--listen", "127.0.0.1:0"},
			check: func(c config.Config) string {
				return c.Log.Format
			},
		},
		{
			name: "empty env keeps file",
			file: "index: /var/lib/mssmbot/index\n",
			env:  []string{"MSSMBOT_INDEX="},
			check: func(c config.Config) string {
				return c.Index
			},
		},
		{
			name: "corpus list from file, env and flags",
			file: "corpus: [/a, /b]\n",
			env:  []string{"MSSMBOT_CORPUS=/c:/d"},
			args: []string{"--corpus", "/e", "--corpus", "/f"},
			check: func(c config.Config) string {
				return strings.Join(c.Corpus, ",")
			},
		},
		{
			name: "corpus list from env",
			file: "corpus: [/a, /b]\n",
			env:  []string{"MSSMBOT_CORPUS=/c:/d"},
			check: func(c config.Config) string {
				return strings.Join(c.Corpus, ",")
			},
		},
		{
			name: "platform settings from file and env",
			file: "discord:\n  guild_id: \"42\"\n  shard_count: 4\nslack:\n  api_url: http://127.0.0.1:1/api\n",
			env:  []string{"DISCORD_TOKEN=" + discordTok, "DISCORD_SHARD_ID=3", "SLACK_BOT_TOKEN=" + botToken},
			check: func(c config.Config) string {
				return fmt.Sprint(c.Discord.GuildID, " ", c.Discord.ShardID, "/", c.Discord.ShardCount, " ",
					c.Discord.Token.Value() == discordTok, " ", c.Slack.BotToken.Value() == botToken, " ", c.Slack.APIURL)
			},
		},
	}
	want := map[string]string{
		"defaults":                             "127.0.0.1:8080 info text 5/10s https://slack.com/api/ 0",
		"file over default":                    "0.0.0.0:9000 debug",
		"env over file":                        "127.0.0.1:9100 3/1m",
		"flag over env over file":              "127.0.0.1:9200",
		"unset flag keeps env":                 "json",
		"empty env keeps file":                 "/var/lib/mssmbot/index",
		"corpus list from file, env and flags": "/e,/f",
		"corpus list from env":                 "/c,/d",
		"platform settings from file and env":  "42 3/4 true true http://127.0.0.1:1/api/",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r io.Reader
			if tt.file != "" {
				r = strings.NewReader(tt.file)
			}
			c, err := config.Load(r, tt.env, flags(t, tt.args...))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if got := tt.check(c); got != want[tt.name] {
				t.Errorf("got %q, want %q", got, want[tt.name])
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		env  []string
		want string
	}{
		{"unknown top-level key", "listen: 127.0.0.1:1\nlisten_addr: x\n", nil, `line 2: unknown key "listen_addr"`},
		{"unknown nested key", "slack:\n  bot_tokn: xoxb-1\n", nil, `line 2: unknown key "slack.bot_tokn"`},
		{"bad yaml", "listen: [\n", nil, "config file"},
		{"shard id not a number", "", []string{"DISCORD_SHARD_ID=one"}, "DISCORD_SHARD_ID is not a valid int"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Load(strings.NewReader(tt.file), tt.env, nil)
			if err == nil {
				t.Fatalf("Load succeeded, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	corpus := t.TempDir()
	file := filepath.Join(corpus, "doc.md")
	if err := os.WriteFile(file, []byte("A sentence.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		env  []string
		want string // "" means valid
	}{
		{"defaults", nil, ""},
		{"everything", []string{
			"DISCORD_TOKEN=" + discordTok, "DISCORD_PUBLIC_KEY=" + publicKey, "DISCORD_GUILD_ID=123456789012345678",
			"DISCORD_SHARD_ID=1", "DISCORD_SHARD_COUNT=2",
			"SLACK_APP_TOKEN=" + appToken, "SLACK_BOT_TOKEN=" + botToken, "SLACK_SIGNING_s3cr3t=" + signing,
			"MSSMBOT_CORPUS=" + corpus, "MSSMBOT_RATE_LIMIT=off",
		}, ""},
		{"slack tokens swapped", []string{"SLACK_APP_TOKEN=" + botToken, "SLACK_BOT_TOKEN=" + appToken}, "look swapped"},
		{"bot token in app token", []string{"SLACK_APP_TOKEN=" + botToken, "SLACK_BOT_TOKEN=" + botToken}, "SLACK_APP_TOKEN): is a bot token (xoxb-…), not an app-level token"},
		{"app token in bot token", []string{"SLACK_APP_TOKEN=" + appToken, "SLACK_BOT_TOKEN=" + appToken}, "SLACK_BOT_TOKEN): is an app-level token (xapp-…), not a bot token"},
		{"user token", []string{"SLACK_SIGNING_s3cr3t=" + signing, "SLACK_BOT_TOKEN=xoxp-1-s3cr3tUSER"}, "is a user token (xoxp-…)"},
		{"app token without bot token", []string{"SLACK_APP_TOKEN=" + appToken}, "SLACK_BOT_TOKEN): is not set"},
		{"bot token alone", []string{"SLACK_BOT_TOKEN=" + botToken}, "is set alone"},
		{"bad slack api url", []string{"SLACK_API_URL=localhost:3000"}, "SLACK_API_URL"},
		{"public key too short", []string{"DISCORD_PUBLIC_KEY=abc123"}, "is not 64 hex characters"},
		{"public key not hex", []string{"DISCORD_PUBLIC_KEY=" + strings.Repeat("g", 64)}, "is not 64 hex characters"},
		{"slack token as discord token", []string{"DISCORD_TOKEN=" + botToken}, "DISCORD_TOKEN): is a bot token (xoxb-…), not a Discord bot token"},
		{"discord token with Bot prefix", []string{"DISCORD_TOKEN=Bot " + discordTok}, "white space"},
		{"guild id not digits", []string{"DISCORD_TOKEN=" + discordTok, "DISCORD_GUILD_ID=my-server"}, "not a Discord id"},
		{"shard id out of range", []string{"DISCORD_TOKEN=" + discordTok, "DISCORD_SHARD_ID=2", "DISCORD_SHARD_COUNT=2"}, "shard ids run from 0 to DISCORD_SHARD_COUNT-1 = 1"},
		{"shard id without count", []string{"DISCORD_TOKEN=" + discordTok, "DISCORD_SHARD_ID=2"}, "without DISCORD_SHARD_COUNT"},
		{"guild without token", []string{"DISCORD_GUILD_ID=42"}, "DISCORD_TOKEN): is not set"},
		{"missing corpus", []string{"MSSMBOT_CORPUS=" + filepath.Join(corpus, "nope")}, "cannot read corpus folder"},
		{"corpus is a file", []string{"MSSMBOT_CORPUS=" + file}, "is not a folder"},
		{"listen without port", []string{"MSSMBOT_LISTEN=localhost"}, `MSSMBOT_LISTEN): "localhost" is not host:port`},
		{"bad log level", []string{"MSSMBOT_LOG_LEVEL=verbose"}, "not one of debug, info, warn, error"},
		{"bad log format", []string{"MSSMBOT_LOG_FORMAT=xml"}, "is not text or json"},
		{"bad rate limit", []string{"MSSMBOT_RATE_LIMIT=5"}, "is not N/DURATION"},
		{"zero period", []string{"MSSMBOT_RATE_LIMIT=5/0s"}, "not a positive duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(nil, tt.env, nil)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			err = c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.want != "" && err == nil:
				t.Fatalf("Validate succeeded, want an error containing %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if err != nil {
				for _, secret := range []string{"s3cr3t", signing} {
					if strings.Contains(err.Error(), secret) {
						t.Errorf("error %q reveals a secret", err)
					}
				}
			}
		})
	}
}

func TestRedaction(t *testing.T) {
	env := []string{
		"DISCORD_TOKEN=" + discordTok, "DISCORD_PUBLIC_KEY=" + publicKey,
		"SLACK_APP_TOKEN=" + appToken, "SLACK_BOT_TOKEN=" + botToken, "SLACK_SIGNING_s3cr3t=" + signing,
	}
	c, err := config.Load(nil, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "config", c, "token", c.Slack.BotToken)
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "discord", c.Discord, "secret", c.Slack.SigningSecret)
	outputs := map[string]string{
		"Redacted": c.Redacted(),
		"%v":       fmt.Sprintf("%v", c),
		"%+v":      fmt.Sprintf("%+v", c),
		"%#v":      fmt.Sprintf("%#v", c),
		"%s":       fmt.Sprintf("%s", c.Slack.AppToken),
		"slog":     logged.String(),
	}
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			for _, secret := range []string{discordTok, appToken, botToken, signing, "s3cr3t"} {
				if strings.Contains(out, secret) {
					t.Errorf("output reveals %q:\n%s", secret, out)
				}
			}
		})
	}
	for _, want := range []string{"token: '[redacted]'", "public_key: " + publicKey, "listen: 127.0.0.1:8080"} {
		if !strings.Contains(c.Redacted(), want) {
			t.Errorf("Redacted() lacks %q:\n%s", want, c.Redacted())
		}
	}
	if empty := (config.Config{}).Redacted(); strings.Contains(empty, "redacted") {
		t.Errorf("unset secrets show as redacted:\n%s", empty)
	}
}
