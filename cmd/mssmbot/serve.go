package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"mssmbot/config"
)

// configFlags registers --config and the configuration flags on cmd.
type configFlags struct {
	file string
}

func (f *configFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.file, "config", "", "read the configuration from the YAML `FILE` (environment and flags override it)")
	config.AddFlags(cmd.Flags())
}

// load returns the configuration from the file, the environment and the
// flags of cmd, without validating it. A file that cannot be read or parsed
// is exit status 2.
func (f *configFlags) load(cmd *cobra.Command) (config.Config, error) {
	var r io.Reader
	if f.file != "" {
		fh, err := os.Open(f.file)
		if err != nil {
			return config.Config{}, &exitError{code: 2, err: fmt.Errorf("config: %w", err)}
		}
		defer fh.Close()
		r = fh
	}
	cfg, err := config.Load(r, os.Environ(), cmd.Flags())
	if err != nil {
		if f.file != "" {
			err = fmt.Errorf("%s: %w", f.file, err)
		}
		return config.Config{}, &exitError{code: 2, err: err}
	}
	return cfg, nil
}

// loadValid is load followed by Validate; an invalid configuration is exit
// status 2 with every problem listed.
func (f *configFlags) loadValid(cmd *cobra.Command) (config.Config, error) {
	cfg, err := f.load(cmd)
	if err != nil {
		return cfg, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, &exitError{code: 2, err: fmt.Errorf("invalid configuration:\n%w", err)}
	}
	return cfg, nil
}

// newLogger returns the structured logger cfg asks for, writing to w.
func newLogger(w io.Writer, cfg config.Log) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.Level)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func (a *app) serveCmd() *cobra.Command {
	var cf configFlags
	cmd := &cobra.Command{
		Use:   "serve [--config FILE] [--listen ADDR] [--corpus DIR]...",
		Short: "Run the bot in Discord and Slack, with an HTTP API, health checks and metrics",
		Long: `Run the bot: in Discord (gateway with DISCORD_TOKEN, HTTP interactions with
DISCORD_PUBLIC_KEY), in Slack (Socket Mode with SLACK_APP_TOKEN, Events API with
SLACK_SIGNING_SECRET; both with SLACK_BOT_TOKEN), and over HTTP on the listen
address: POST /v1/ask, GET /healthz, /readyz and /metrics.

SIGHUP, or a change under the corpus folders, reloads the corpus without a
restart. SIGTERM or SIGINT stops it after the questions in flight.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := cf.loadValid(cmd)
			if err != nil {
				return err
			}
			hup := make(chan os.Signal, 1)
			signal.Notify(hup, syscall.SIGHUP)
			defer signal.Stop(hup)
			log := newLogger(a.stderr, cfg.Log)
			if err := serve(cmd.Context(), cfg, log, serveOptions{hup: hup}); err != nil {
				var ee *exitError
				if errors.As(err, &ee) {
					return err
				}
				return &exitError{code: 1, err: err}
			}
			return nil
		},
	}
	cf.register(cmd)
	return cmd
}
