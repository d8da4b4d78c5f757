package main

import (
	"fmt"
	"os"
	"sort"

	"github.com/spf13/cobra"

	"mssmbot/bot/evalset"
)

func (a *app) evalCmd() *cobra.Command {
	var cf corpusFlags
	var minPct float64
	cmd := &cobra.Command{
		Use:   "eval FILE.jsonl [--corpus DIR] [--min PCT]",
		Short: "Score the bot on a question file; exit 1 below --min",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return &exitError{code: 2, err: fmt.Errorf("eval: %w", err)}
			}
			cases, err := evalset.Read(args[0], f)
			f.Close()
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			b, closeBot, err := cf.openBot(cmd.Context(), a.logger())
			if err != nil {
				return err
			}
			defer closeBot()
			type tally struct{ n, pass, strict int }
			kinds := map[string]*tally{}
			var total tally
			for _, c := range cases {
				ans := b.Ask(cmd.Context(), c.Q)
				pass, strict := c.Score(ans)
				k := kinds[c.Kind]
				if k == nil {
					k = &tally{}
					kinds[c.Kind] = k
				}
				for _, t := range []*tally{k, &total} {
					t.n++
					if pass {
						t.pass++
					}
					if strict {
						t.strict++
					}
				}
				if !pass {
					fmt.Fprintf(a.stdout, "FAIL %s [%s] %s\n     answered=%v intent=%s: %s\n", c.ID, c.Kind, c.Q, ans.Answered, ans.Intent, ans.Text)
				} else if !strict {
					fmt.Fprintf(a.stdout, "LOOSE %s [%s] %s\n     short: %s\n", c.ID, c.Kind, c.Q, ans.Short)
				}
			}
			names := make([]string, 0, len(kinds))
			for k := range kinds {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				t := kinds[k]
				fmt.Fprintf(a.stdout, "%-9s %d/%d strict %d/%d\n", k, t.pass, t.n, t.strict, t.n)
			}
			pct := func(n int) float64 {
				if total.n == 0 {
					return 0
				}
				return 100 * float64(n) / float64(total.n)
			}
			fmt.Fprintf(a.stdout, "PASS %d/%d (%.1f%%) strict %d/%d (%.1f%%)\n", total.pass, total.n, pct(total.pass), total.strict, total.n, pct(total.strict))
			if pct(total.pass) < minPct {
				return &exitError{code: 1, err: fmt.Errorf("eval: %.1f%% is below --min %.1f%%", pct(total.pass), minPct)}
			}
			return nil
		},
	}
	cf.register(cmd)
	cmd.Flags().Float64Var(&minPct, "min", 0, "exit 1 when fewer than `PCT` percent of the questions pass")
	return cmd
}
