package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"mssmbot/corpus"
	"mssmbot/index"
)

func (a *app) indexCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Manage the search index",
	}
	cmd.AddCommand(a.indexBuildCmd())
	return cmd
}

func (a *app) indexBuildCmd() *cobra.Command {
	var cf configFlags
	var shards int
	cmd := &cobra.Command{
		Use:   "build --index DIR [--corpus DIR]... [--shards N]",
		Short: "Build the index of the corpus into a folder, to ship read-only to each replica",
		Long: `Build the index of the corpus (the --corpus folders, or the embedded corpus)
into the --index folder (or MSSMBOT_INDEX). serve --index DIR then starts
without indexing while the corpus is unchanged.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := cf.load(cmd)
			if err != nil {
				return err
			}
			if cfg.Index == "" {
				return &exitError{code: 2, err: errors.New("index build: give the folder with --index DIR (or MSSMBOT_INDEX)")}
			}
			log := newLogger(a.stderr, cfg.Log)
			start := time.Now()
			var ix *index.Index
			if len(cfg.Corpus) > 0 {
				// Read file by file as it is indexed: the corpus is never held whole.
				files, err := corpus.Files(cfg.Corpus)
				if err != nil {
					return &exitError{code: 2, err: err}
				}
				// serve reuses the index while the files are these (names, sizes, times).
				m, err := corpus.ScanDirs(cfg.Corpus, true)
				if err != nil {
					return &exitError{code: 2, err: err}
				}
				opt := index.Options{Dir: cfg.Index, Logger: log, Manifest: &m, Shards: shards}
				if ix, _ = index.Reopen(cfg.Index, m, opt); ix != nil && shards > 0 && ix.Shards() != shards {
					ix.Close()
					ix = nil // rebuilt with the shards asked for
				}
				if ix == nil {
					if ix, err = index.Build(cmd.Context(), files, opt); err != nil {
						code := 1
						if fe := (*corpus.FileError)(nil); errors.As(err, &fe) {
							code = 2 // a bad corpus file, as when loading it whole
						}
						return &exitError{code: code, err: err}
					}
				}
			} else {
				docs, err := corpus.Default()
				if err != nil {
					return &exitError{code: 2, err: err}
				}
				if ix, err = index.Open(cmd.Context(), docs, index.Options{Dir: cfg.Index, Logger: log, Consume: true}); err != nil {
					return &exitError{code: 1, err: err}
				}
			}
			n, s := ix.Documents(), ix.Sentences()
			if err := ix.Close(); err != nil {
				return &exitError{code: 1, err: fmt.Errorf("index build: %w", err)}
			}
			fmt.Fprintf(a.stdout, "indexed %d documents, %d sentences into %s in %s\n", n, s, cfg.Index, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cf.register(cmd)
	cmd.Flags().IntVar(&shards, "shards", 0, "split the index into N shards, each searched on its own core at once (default 1; for machines with cores to spare)")
	return cmd
}
