package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Validate checks the configuration before anything connects and returns every
// problem found, each naming the file key and the environment variable. No
// error ever contains a secret.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, envName, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s (%s): %s", key, envName, fmt.Sprintf(format, args...)))
	}

	if host, port, err := net.SplitHostPort(c.Listen); err != nil {
		bad("listen", "MSSMBOT_LISTEN", "%q is not host:port", c.Listen)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		bad("listen", "MSSMBOT_LISTEN", "%q has no valid port", c.Listen)
	} else if host != "" && net.ParseIP(host) == nil && strings.ContainsAny(host, " /") {
		bad("listen", "MSSMBOT_LISTEN", "%q has no valid host", c.Listen)
	}
	for _, dir := range c.Corpus {
		if err := readableDir(dir); err != nil {
			bad("corpus", "MSSMBOT_CORPUS", "%v", err)
		}
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "MSSMBOT_LOG_LEVEL", "%q is not one of debug, info, warn, error", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		bad("log.format", "MSSMBOT_LOG_FORMAT", "%q is not text or json", c.Log.Format)
	}
	if _, _, err := ParseRateLimit(c.RateLimit); err != nil {
		bad("rate_limit", "MSSMBOT_RATE_LIMIT", "%v", err)
	}
	if c.Conversations < 1 {
		bad("conversations", "MSSMBOT_CONVERSATIONS", "%d: want at least 1", c.Conversations)
	}
	if c.ConversationTTL <= 0 {
		bad("conversation_ttl", "MSSMBOT_CONVERSATION_TTL", "%v: want a positive duration such as 30m", c.ConversationTTL)
	}
	if c.MaxConns < 0 || c.MaxConns > 0 && c.MaxConns < 8 {
		bad("max_conns", "MSSMBOT_MAX_CONNS", "%d: want 0 (from the descriptor limit) or at least 8", c.MaxConns)
	}
	if u := c.RedisURL.Value(); u != "" && !strings.HasPrefix(u, "redis://") && !strings.HasPrefix(u, "rediss://") {
		bad("redis_url", "MSSMBOT_REDIS_URL", "want redis://[:password@]host:port[/db] or rediss://…")
	}
	switch c.Web {
	case "on", "off":
	default:
		bad("web", "MSSMBOT_WEB", "%q is not on or off", c.Web)
	}
	if t := c.AdminToken.Value(); t != "" && len(t) < 16 {
		bad("admin_token", "MSSMBOT_ADMIN_TOKEN", "is %d characters: give at least 16 (e.g. openssl rand -hex 16)", len(t))
	}
	if c.History != "" {
		if err := writableDir(filepath.Dir(c.History)); err != nil {
			bad("history", "MSSMBOT_HISTORY", "%v", err)
		}
	}
	if c.ShutdownGrace < 0 {
		bad("shutdown_grace", "MSSMBOT_SHUTDOWN_GRACE", "%v: want 0 or a positive duration such as 5s", c.ShutdownGrace)
	}
	if c.Feedback != "" {
		if err := writableDir(filepath.Dir(c.Feedback)); err != nil {
			bad("feedback", "MSSMBOT_FEEDBACK", "%v", err)
		}
	}

	d := c.Discord
	switch tok := d.Token.Value(); {
	case tok == "":
	case strings.HasPrefix(tok, "xox") || strings.HasPrefix(tok, "xapp-"):
		bad("discord.token", "DISCORD_TOKEN", "is %s, not a Discord bot token", tokenKind(tok))
	case strings.ContainsAny(tok, " \t\r\n"):
		bad("discord.token", "DISCORD_TOKEN", "contains white space (give the bare bot token, without \"Bot \")")
	}
	if d.PublicKey != "" && !isHex(d.PublicKey, 64) {
		bad("discord.public_key", "DISCORD_PUBLIC_KEY", "is not 64 hex characters (it has %d characters); copy the application's Public Key from the Developer Portal", len(d.PublicKey))
	}
	if d.GuildID != "" && !isDigits(d.GuildID) {
		bad("discord.guild_id", "DISCORD_GUILD_ID", "%q is not a Discord id (digits only)", d.GuildID)
	}
	switch {
	case d.ShardCount < 0:
		bad("discord.shard_count", "DISCORD_SHARD_COUNT", "is negative")
	case d.ShardID < 0:
		bad("discord.shard_id", "DISCORD_SHARD_ID", "is negative")
	case d.ShardCount == 0 && d.ShardID != 0:
		bad("discord.shard_id", "DISCORD_SHARD_ID", "is set without DISCORD_SHARD_COUNT")
	case d.ShardCount > 0 && d.ShardID >= d.ShardCount:
		bad("discord.shard_id", "DISCORD_SHARD_ID", "is %d, but shard ids run from 0 to DISCORD_SHARD_COUNT-1 = %d", d.ShardID, d.ShardCount-1)
	}
	if (d.ShardCount > 0 || d.GuildID != "") && !d.Gateway() {
		bad("discord.token", "DISCORD_TOKEN", "is not set, but DISCORD_GUILD_ID or DISCORD_SHARD_COUNT is: set the bot token too")
	}

	s := c.Slack
	app, botTok := s.AppToken.Value(), s.BotToken.Value()
	swapped := strings.HasPrefix(app, "xoxb-") && strings.HasPrefix(botTok, "xapp-")
	switch {
	case swapped:
		bad("slack.app_token", "SLACK_APP_TOKEN", "is a bot token (xoxb-…) and SLACK_BOT_TOKEN is an app-level token (xapp-…): the two look swapped")
	default:
		if app != "" && !strings.HasPrefix(app, "xapp-") {
			bad("slack.app_token", "SLACK_APP_TOKEN", "is %s, not an app-level token (xapp-…); create one under Basic Information > App-Level Tokens with the connections:write scope", tokenKind(app))
		}
		if botTok != "" && !strings.HasPrefix(botTok, "xoxb-") {
			bad("slack.bot_token", "SLACK_BOT_TOKEN", "is %s, not a bot token (xoxb-…); copy the Bot User OAuth Token from OAuth & Permissions", tokenKind(botTok))
		}
	}
	if (s.SocketMode() || s.EventsAPI()) && botTok == "" {
		bad("slack.bot_token", "SLACK_BOT_TOKEN", "is not set, but SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is: the bot token is needed to reply")
	}
	if botTok != "" && !s.SocketMode() && !s.EventsAPI() {
		bad("slack.bot_token", "SLACK_BOT_TOKEN", "is set alone: also set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (Events API over HTTP)")
	}
	if sec := s.SigningSecret.Value(); sec != "" && strings.ContainsAny(sec, " \t\r\n") {
		bad("slack.signing_secret", "SLACK_SIGNING_SECRET", "contains white space")
	}
	if u, err := url.Parse(s.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("slack.api_url", "SLACK_API_URL", "%q is not an http(s) URL", s.APIURL)
	}
	return errors.Join(errs...)
}

// ParseRateLimit parses "N/DURATION" (e.g. "5/10s") into n questions per
// period; "off" (or "0") is n == 0: no limit.
func ParseRateLimit(s string) (n int, per time.Duration, err error) {
	if s == "off" || s == "0" {
		return 0, 0, nil
	}
	ns, ds, ok := strings.Cut(s, "/")
	if !ok {
		return 0, 0, fmt.Errorf("%q is not N/DURATION (like 5/10s) or off", s)
	}
	n, err = strconv.Atoi(strings.TrimSpace(ns))
	if err != nil || n < 1 {
		return 0, 0, fmt.Errorf("%q: %q is not a positive number of questions", s, ns)
	}
	per, err = time.ParseDuration(strings.TrimSpace(ds))
	if err != nil || per <= 0 {
		return 0, 0, fmt.Errorf("%q: %q is not a positive duration like 10s or 1m", s, ds)
	}
	return n, per, nil
}

func readableDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("cannot read corpus folder: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("corpus %s is not a folder", dir)
	}
	if _, err := os.ReadDir(dir); err != nil {
		return fmt.Errorf("cannot read corpus folder: %w", err)
	}
	return nil
}

// writableDir checks that a file can be created in dir.
func writableDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("cannot create the file: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("cannot create the file: %s is not a folder", dir)
	}
	return nil
}

// tokenKind names a token by its public prefix, never showing more of it.
func tokenKind(tok string) string {
	switch {
	case strings.HasPrefix(tok, "xoxb-"):
		return "a bot token (xoxb-…)"
	case strings.HasPrefix(tok, "xoxp-"):
		return "a user token (xoxp-…)"
	case strings.HasPrefix(tok, "xapp-"):
		return "an app-level token (xapp-…)"
	case strings.HasPrefix(tok, "xox"):
		return "a Slack token (xox…)"
	}
	return "a token of an unknown kind"
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
