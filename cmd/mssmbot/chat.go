package main

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/chzyer/readline"
	"github.com/spf13/cobra"

	"mssmbot/bot"
)

func (a *app) chatCmd() *cobra.Command {
	var cf corpusFlags
	cmd := &cobra.Command{
		Use:   "chat [--corpus DIR]",
		Short: "Try the bot in an interactive console (history with the arrow keys, Ctrl-D to quit)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			b, closeBot, err := cf.openBot(cmd.Context(), a.logger())
			if err != nil {
				return err
			}
			defer closeBot()
			cfg := &readline.Config{
				Prompt:          "you> ",
				InterruptPrompt: "^C",
				EOFPrompt:       "bye",
				Stdout:          a.stdout,
				Stderr:          a.stderr,
			}
			if home, err := os.UserHomeDir(); err == nil {
				cfg.HistoryFile = filepath.Join(home, ".mssmbot_history")
			}
			if a.stdin != os.Stdin {
				cfg.Stdin = io.NopCloser(a.stdin)
				cfg.FuncIsTerminal = func() bool { return false }
				cfg.HistoryFile = ""
			}
			rl, err := readline.NewEx(cfg)
			if err != nil {
				return err
			}
			defer rl.Close()
			io.WriteString(a.stdout, "Ask about the documents; \"help\" for ideas, Ctrl-D to quit.\n")
			// The session is one conversation: a follow-up ("and Chile?")
			// is read after the last answered question.
			convs := bot.NewConversations(1, 0)
			for {
				line, err := rl.Readline()
				if errors.Is(err, readline.ErrInterrupt) {
					continue
				}
				if err != nil { // io.EOF: Ctrl-D
					return nil
				}
				if strings.TrimSpace(line) == "" {
					continue
				}
				io.WriteString(a.stdout, formatPlain(b.AskIn(cmd.Context(), line, convs, "chat")))
			}
		},
	}
	cf.register(cmd)
	return cmd
}
