package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"mssmbot/config"
)

func (a *app) configCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Inspect the configuration of mssmbot serve",
	}
	cmd.AddCommand(a.configCheckCmd())
	return cmd
}

func (a *app) configCheckCmd() *cobra.Command {
	var cf configFlags
	cmd := &cobra.Command{
		Use:   "check [--config FILE] [flags]",
		Short: "Print the effective configuration, secrets redacted, and check it",
		Long: `Print the configuration serve would run with — the YAML file, overridden by the
environment, overridden by the flags — with every secret redacted, and what it
enables. Exit status 2 and every problem listed when it is invalid.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := cf.load(cmd)
			if err != nil {
				return err
			}
			io.WriteString(a.stdout, cfg.Redacted())
			fmt.Fprintf(a.stdout, "# enables: %s\n", strings.Join(enables(cfg), "; "))
			if err := cfg.Validate(); err != nil {
				return &exitError{code: 2, err: fmt.Errorf("invalid configuration:\n%w", err)}
			}
			fmt.Fprintln(a.stdout, "# configuration OK")
			return nil
		},
	}
	cf.register(cmd)
	return cmd
}

// enables lists what serve runs with cfg.
func enables(cfg config.Config) []string {
	out := []string{"HTTP on " + cfg.Listen + " (/v1/ask, /healthz, /readyz, /metrics)"}
	if cfg.Discord.Gateway() {
		out = append(out, "Discord gateway")
	}
	if cfg.Discord.Interactions() {
		out = append(out, "Discord interactions (POST /discord/interactions)")
	}
	if cfg.Slack.SocketMode() {
		out = append(out, "Slack Socket Mode")
	}
	if cfg.Slack.EventsAPI() {
		out = append(out, "Slack Events API (POST /slack/events, /slack/commands)")
	}
	if len(out) == 1 {
		out = append(out, "no chat platform (set DISCORD_TOKEN or DISCORD_PUBLIC_KEY, or SLACK_BOT_TOKEN with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)")
	}
	return out
}
