package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"mssmbot/bot"
	"mssmbot/corpus"
	"mssmbot/index"
)

// corpusFlags are the flags that choose what the bot answers from.
type corpusFlags struct {
	corpus []string
	index  string
}

func (f *corpusFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringArrayVar(&f.corpus, "corpus", nil, "answer from the .md, .txt, .html and .pdf files under `DIR` instead of the embedded corpus (repeatable)")
	cmd.Flags().StringVar(&f.index, "index", "", "keep the index in `DIR` and reuse it while the corpus is unchanged")
}

// openBot loads the corpus, opens its index and returns a Bot and a function releasing it.
// A corpus that cannot be loaded is exit status 2.
func (f *corpusFlags) openBot(ctx context.Context, log *slog.Logger) (*bot.Bot, func(), error) {
	if ix := reopenIndex(f.index, f.corpus, log); ix != nil {
		return bot.New(ix, log), func() { ix.Close() }, nil
	}
	var docs []corpus.Document
	var err error
	if len(f.corpus) > 0 {
		docs, err = corpus.LoadDirs(f.corpus, log)
	} else {
		docs, err = corpus.Default()
	}
	if err != nil {
		return nil, nil, &exitError{code: 2, err: err}
	}
	opt := index.Options{Dir: f.index, Logger: log}
	if f.index != "" && len(f.corpus) > 0 {
		if m, err := corpus.ScanDirs(f.corpus, true); err == nil {
			opt.Manifest = &m // for the next run to reopen it without reading the corpus
		}
	}
	ix, err := index.Open(ctx, docs, opt)
	if err != nil {
		return nil, nil, &exitError{code: 2, err: err}
	}
	return bot.New(ix, log), func() { ix.Close() }, nil
}

// reopenIndex opens the index in indexDir when it was built from these very
// corpus files (its manifest: names, sizes, times), without reading or
// parsing them; nil when there is none to reuse.
func reopenIndex(indexDir string, dirs []string, log *slog.Logger) *index.Index {
	if indexDir == "" || len(dirs) == 0 {
		return nil
	}
	m, err := corpus.ScanDirs(dirs, false)
	if err != nil {
		return nil
	}
	ix, why := index.Reopen(indexDir, m, index.Options{Logger: log})
	if ix == nil {
		log.Debug("not reusing the index as it is", "dir", indexDir, "reason", why)
	}
	return ix
}

func (a *app) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

func (a *app) askCmd() *cobra.Command {
	var cf corpusFlags
	var asJSON bool
	var explain int
	cmd := &cobra.Command{
		Use:   "ask [--json] [--explain N] [--corpus DIR] [QUESTION ...]",
		Short: "Answer each question (or one question a line from stdin)",
		RunE: func(cmd *cobra.Command, args []string) error {
			b, closeBot, err := cf.openBot(cmd.Context(), a.logger())
			if err != nil {
				return err
			}
			defer closeBot()
			answer := func(q string) error {
				if explain > 0 {
					_, err := io.WriteString(a.stdout, b.Explain(cmd.Context(), q, explain).String())
					return err
				}
				ans := b.Ask(cmd.Context(), q)
				if asJSON {
					return writeJSONLine(a.stdout, ans)
				}
				_, err := io.WriteString(a.stdout, formatPlain(ans))
				return err
			}
			if len(args) > 0 {
				for _, q := range args {
					if err := answer(q); err != nil {
						return err
					}
				}
				return nil
			}
			sc := bufio.NewScanner(a.stdin)
			sc.Buffer(make([]byte, 64*1024), 1<<20)
			for sc.Scan() {
				if err := answer(sc.Text()); err != nil {
					return err
				}
			}
			return sc.Err()
		},
	}
	cf.register(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object a line")
	cmd.Flags().IntVar(&explain, "explain", 0, "instead of answering, show how the pipeline decides: the analysis, the passages, the N best candidates with their heaviest features")
	return cmd
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// formatPlain renders an answer for a terminal: the reply, then each evidence
// sentence quoted with its document title and date.
func formatPlain(a bot.Answer) string {
	var sb strings.Builder
	sb.WriteString(a.Text)
	sb.WriteString("\n")
	for _, s := range a.Sources {
		if a.Quoted(s) { // an abstention's text quotes it already
			fmt.Fprintf(&sb, "    — %s", s.Title)
		} else {
			fmt.Fprintf(&sb, "  > %s\n    — %s", s.Text, s.Title)
		}
		if s.Date != "" {
			fmt.Fprintf(&sb, ", %s", s.Date)
		}
		if w := s.Where(); w != "" {
			fmt.Fprintf(&sb, ", %s", w)
		}
		sb.WriteString("\n")
	}
	return sb.String()
}
