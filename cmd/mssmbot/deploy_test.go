package main

import (
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestSlackManifest checks that the Slack app manifest in deploy/ asks for
// what the Slack adapter uses: mentions, DMs, /ask, the vote buttons and
// the message shortcut over Socket Mode.
func TestSlackManifest(t *testing.T) {
	b, err := os.ReadFile("../../deploy/slack-app-manifest.yml")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			AppHome struct {
				MessagesTab bool `yaml:"messages_tab_enabled"`
			} `yaml:"app_home"`
			SlashCommands []struct {
				Command string `yaml:"command"`
			} `yaml:"slash_commands"`
			Shortcuts []struct {
				Type       string `yaml:"type"`
				CallbackID string `yaml:"callback_id"`
			} `yaml:"shortcuts"`
		} `yaml:"features"`
		OAuth struct {
			Scopes struct {
				Bot []string `yaml:"bot"`
			} `yaml:"scopes"`
		} `yaml:"oauth_config"`
		Settings struct {
			Events struct {
				BotEvents []string `yaml:"bot_events"`
			} `yaml:"event_subscriptions"`
			SocketMode    bool `yaml:"socket_mode_enabled"`
			Interactivity struct {
				Enabled bool `yaml:"is_enabled"`
			} `yaml:"interactivity"`
		} `yaml:"settings"`
	}
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("manifest: %v", err)
	}
	for _, s := range []string{"app_mentions:read", "chat:write", "im:history", "commands"} {
		if !slices.Contains(m.OAuth.Scopes.Bot, s) {
			t.Errorf("manifest lacks the bot scope %s", s)
		}
	}
	for _, e := range []string{"app_mention", "message.im"} {
		if !slices.Contains(m.Settings.Events.BotEvents, e) {
			t.Errorf("manifest lacks the bot event %s", e)
		}
	}
	if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/ask" {
		t.Errorf("manifest slash commands: %+v, want /ask", m.Features.SlashCommands)
	}
	if !m.Settings.SocketMode || !m.Features.AppHome.MessagesTab {
		t.Error("manifest does not enable Socket Mode and the messages tab (DMs)")
	}
	if !m.Settings.Interactivity.Enabled || len(m.Features.Shortcuts) != 1 || m.Features.Shortcuts[0].Type != "message" {
		t.Errorf("manifest lacks interactivity (vote buttons) or the message shortcut: %+v", m.Features.Shortcuts)
	}
}

// TestSystemdUnit checks the unit runs serve, reloads with SIGHUP and stops
// with SIGTERM within a timeout longer than the 10 s drain.
func TestSystemdUnit(t *testing.T) {
	b, err := os.ReadFile("../../deploy/mssmbot.service")
	if err != nil {
		t.Fatal(err)
	}
	unit := string(b)
	for _, want := range []string{"ExecStart=/usr/local/bin/mssmbot serve ", "ExecReload=/bin/kill -HUP $MAINPID",
		"KillSignal=SIGTERM", "TimeoutStopSec=20", "EnvironmentFile=-/etc/mssmbot/env", "Restart=on-failure"} {
		if !strings.Contains(unit, want) {
			t.Errorf("unit lacks %q", want)
		}
	}
}
