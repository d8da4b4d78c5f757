package main

import (
	"compress/gzip"
	"context"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/spf13/cobra"

	"mssmbot/bot"
	"mssmbot/bot/evalset"
	"mssmbot/corpus"
	"mssmbot/index"
)

// heldOutArticles are the SQuAD practice articles the scorer is never fitted
// on: the second of every three titles in alphabetical order. The split is
// fixed so that figures reported on them stay comparable.
var heldOutArticles = map[string]bool{
	"Apollo_program": true, "Genghis_Khan": true, "Newcastle_upon_Tyne": true, "Teacher": true,
}

func (a *app) trainCmd() *cobra.Command {
	var squad, out, priorFile, evalFile, averageFile string
	var folds int
	var sets []string
	opt := bot.TrainOptions{Names: bot.NewNameTable()}
	var negShare float64
	setWeight := float64(defaultSetWeight)
	cmd := &cobra.Command{
		Use:   "train [--squad FILE] [--set FILE.jsonl[=CORPUS]]... [--out FILE]",
		Short: "Fit the answer scorer's weights on the question sets and the SQuAD practice set",
		Long: `Fit the answer scorer: every question of the sets is run through the pipeline up
to its candidates, each candidate labelled (SQuAD: its F1 against the gold
answers; a question set: whether its expect patterns match), and a logistic
model fitted over their features, with the answer threshold that maximizes
the mean reward. The SQuAD articles ` + strings.Join(sortedKeys(heldOutArticles), ", ") + `
are held out: reported, never fitted on. Writes the weights as JSON (embed
them by writing bot/weights.json and rebuilding).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			log := a.logger()
			for _, f := range []struct {
				file string
				to   **bot.Weights
			}{{priorFile, &opt.Prior}, {averageFile, &opt.Average}} {
				if f.file == "" {
					continue
				}
				ws, err := readWeights(f.file)
				if err != nil {
					return err
				}
				*f.to = ws
			}
			var train, test []bot.Sample
			var ref *bot.Bot
			for _, s := range sets {
				file, dir, _ := strings.Cut(s, "=")
				samples, b, err := setSamples(ctx, file, dir, setWeight, opt.Names)
				if err != nil {
					return &exitError{code: 2, err: err}
				}
				ref = b
				train = append(train, samples...)
				fmt.Fprintf(a.stderr, "train: %s: %d questions\n", file, len(samples))
			}
			setTrain := train
			var arts []squadArticle
			if squad != "" {
				tr, te, err := squadSamples(ctx, squad, negShare, opt.Names)
				if err != nil {
					return &exitError{code: 2, err: err}
				}
				arts = tr
				n := 0
				for _, a := range tr {
					train = append(train, a.samples...)
					n += len(a.samples)
				}
				fmt.Fprintf(a.stderr, "train: %s: %d samples fitted on, %d held out\n", squad, n, len(te))
				test = append(test, te...)
			}
			if ref == nil {
				b, closeBot, err := (&corpusFlags{}).openBot(ctx, log)
				if err != nil {
					return err
				}
				defer closeBot()
				ref = b
			}
			var ws bot.Weights
			if evalFile != "" {
				stored, err := readWeights(evalFile)
				if err != nil {
					return err
				}
				ws = *stored
			} else {
				ws = ref.Fit(train, opt, fmt.Sprintf("mssmbot train: %d questions (sets %s; SQuAD practice minus %s)",
					len(train), strings.Join(sets, " "), strings.Join(sortedKeys(heldOutArticles), ", ")))
				if averageFile != "" {
					share := opt.AverageShare
					if share == 0 {
						share = 0.5
					}
					ws.Fitted += fmt.Sprintf("; averaged with %s, the fit's share %g", averageFile, share)
				}
			}
			fmt.Fprintln(a.stdout, "fitted on:")
			for _, r := range ref.Evaluate(train, ws) {
				fmt.Fprintln(a.stdout, "  "+r.String())
			}
			if len(test) > 0 {
				fmt.Fprintln(a.stdout, "held out:")
				for _, r := range ref.Evaluate(test, ws) {
					fmt.Fprintln(a.stdout, "  "+r.String())
				}
			}
			if folds > 1 && len(arts) > 0 {
				fmt.Fprintf(a.stdout, "cross-validated (%d folds by article, each fitted without its articles):\n", folds)
				fmt.Fprintln(a.stdout, "  "+crossValidate(ref, setTrain, arts, folds, opt).String())
			}
			fmt.Fprintf(a.stdout, "threshold %.3f, %d non-zero weights\n", ws.Threshold, len(ws.Weights))
			if out == "" {
				return nil
			}
			if err := os.WriteFile(out, ws.Encode(), 0o644); err != nil {
				return fmt.Errorf("train: %w", err)
			}
			fmt.Fprintf(a.stdout, "wrote %s\n", out)
			return nil
		},
	}
	cmd.Flags().StringVar(&squad, "squad", "", "SQuAD json(.gz) practice set `FILE`")
	cmd.Flags().StringArrayVar(&sets, "set", nil, "question set `FILE.jsonl[=CORPUS]` (no corpus: the embedded one; repeatable)")
	cmd.Flags().StringVar(&out, "out", "", "write the weights to `FILE` (e.g. bot/weights.json)")
	cmd.Flags().IntVar(&opt.Epochs, "epochs", 0, "passes over the data (0: the default)")
	cmd.Flags().Float64Var(&opt.Power, "power", 0, "a candidate's share of the target is its label to this power (0: the default, 2)")
	cmd.Flags().Float64Var(&opt.L2, "l2", 0, "weight decay (0: the default)")
	cmd.Flags().Float64Var(&setWeight, "set-weight", defaultSetWeight, "how much a question of a --set counts against one of SQuAD's")
	cmd.Flags().StringVar(&evalFile, "evaluate", "", "fit nothing: report the weights in `FILE` on the sets (e.g. bot/weights.json)")
	cmd.Flags().StringVar(&averageFile, "average", "", "average the fitted weights with those in `FILE` (e.g. bot/weights.json) before picking the threshold")
	cmd.Flags().Float64Var(&opt.AverageShare, "average-share", 0, "with --average: the fitted weights' share of the average (0: the default, 0.5)")
	cmd.Flags().StringVar(&priorFile, "prior", "", "start from the weights in `FILE` and draw the fit back to them (e.g. bot/weights.json)")
	cmd.Flags().StringSliceVar(&opt.Only, "only", nil, "with --freeze: fit only the features whose names begin with one of these `PREFIXES` (e.g. class_,fclass:)")
	cmd.Flags().StringSliceVar(&opt.Without, "without", nil, "leave the features whose names begin with one of these `PREFIXES` out of the fit (an ablation, e.g. near_,vec_)")
	cmd.Flags().BoolVar(&opt.Freeze, "freeze", false, "with --prior: keep every weight the prior holds and fit only the features it does not weigh (new ones), and the threshold")
	cmd.Flags().Float64Var(&opt.MinNoAns, "min-noans", 0, "pick the threshold as the lowest at which this share of the unanswerable questions is still abstained on (e.g. 0.85), instead of the best mean reward")
	cmd.Flags().IntVar(&opt.MinCount, "min-count", 0, "least number of questions a lexical feature is met in to be fitted (0: the default, 100)")
	cmd.Flags().IntVar(&folds, "folds", 0, "also cross-validate: split the SQuAD articles fitted on into `N` folds, fit without each in turn and report the pooled figures on them")
	cmd.Flags().Float64Var(&negShare, "negatives", 0.5, "share of SQuAD questions also asked against another paragraph, to abstain on")
	return cmd
}

// crossValidate fits the scorer once a fold, on the sets and the SQuAD
// articles of the other folds, and reports the pooled figures of the
// folds' own SQuAD questions: every fitted-on article scored by weights
// that never saw it.
func crossValidate(ref *bot.Bot, sets []bot.Sample, arts []squadArticle, folds int, opt bot.TrainOptions) bot.Report {
	fold := foldsOf(arts, folds)
	var reports []bot.Report
	for f := range folds {
		train := slices.Clip(sets)
		var test []bot.Sample
		for _, a := range arts {
			if fold[a.title] == f {
				for _, s := range a.samples {
					s.Group = "squad-cv"
					test = append(test, s)
				}
			} else {
				train = append(train, a.samples...)
			}
		}
		ws := ref.Fit(train, opt, "")
		reports = append(reports, ref.Evaluate(test, ws)...)
	}
	return bot.Pool("squad-cv", reports)
}

// readWeights reads weights as `mssmbot train` writes them.
func readWeights(file string) (*bot.Weights, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("train: %w", err)}
	}
	ws := &bot.Weights{}
	if err := json.Unmarshal(data, ws); err != nil {
		return nil, &exitError{code: 2, err: fmt.Errorf("train: %s: %w", file, err)}
	}
	return ws, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// defaultSetWeight is how much a question of the project's own sets counts
// against one of SQuAD's: they are few, and they are the bot's own domain.
const defaultSetWeight = 10

// setSamples featurizes one question set against its corpus.
func setSamples(ctx context.Context, file, dir string, setWeight float64, names *bot.NameTable) ([]bot.Sample, *bot.Bot, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, fmt.Errorf("train: %w", err)
	}
	cases, err := evalset.Read(file, f)
	f.Close()
	if err != nil {
		return nil, nil, err
	}
	var docs []corpus.Document
	if dir != "" {
		docs, err = corpus.LoadDirs([]string{dir}, nil)
	} else {
		docs, err = corpus.Default()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("train: %s: %w", file, err)
	}
	ix, err := index.Open(ctx, docs, index.Options{})
	if err != nil {
		return nil, nil, err
	}
	b := bot.New(ix, nil)
	if err := b.LoadTagger(); err != nil {
		return nil, nil, err
	}
	group := strings.TrimSuffix(filepath.Base(file), ".jsonl")
	if group == "questions" {
		group = filepath.Base(filepath.Dir(file))
	}
	var out []bot.Sample
	for _, c := range cases {
		c := c
		out = append(out, bot.Featurize(ctx, bot.Example{Bot: b, Question: c.Q, Group: group, Weight: setWeight, Names: names,
			Answerable: !c.Abstain, AbstainOK: c.MayAbstain,
			Label: func(short, text string) float64 {
				return c.Label(bot.Answer{Answered: true, Short: short, Text: text})
			}}))
	}
	return out, b, nil
}

// squadData is the SQuAD json layout.
type squadData struct {
	Data []struct {
		Title      string `json:"title"`
		Paragraphs []struct {
			Context string `json:"context"`
			QAs     []struct {
				ID       string `json:"id"`
				Question string `json:"question"`
				Answers  []struct {
					Text string `json:"text"`
				} `json:"answers"`
			} `json:"qas"`
		} `json:"paragraphs"`
	} `json:"data"`
}

// squadSamples featurizes the SQuAD practice set in its paragraph setting:
// each question against its own paragraph, and a share of them against the
// most similar paragraph of the article that holds no word of a gold
// answer (to abstain on).
func squadSamples(ctx context.Context, file string, negShare float64, names *bot.NameTable) (train []squadArticle, test []bot.Sample, err error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, fmt.Errorf("train: %w", err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(file, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, nil, fmt.Errorf("train: %s: %w", file, err)
		}
		r = gz
	}
	var sd squadData
	if err := json.NewDecoder(r).Decode(&sd); err != nil {
		return nil, nil, fmt.Errorf("train: %s: %w", file, err)
	}
	type job struct {
		title, context string
		qs             []squadQ
	}
	var jobs []job
	for _, art := range sd.Data {
		var paras []string
		for _, p := range art.Paragraphs {
			paras = append(paras, p.Context)
		}
		negs := map[int][]squadQ{}
		for pi, p := range art.Paragraphs {
			var qs []squadQ
			for _, qa := range p.QAs {
				sq := squadQ{id: qa.ID, q: qa.Question, answerable: true}
				for _, an := range qa.Answers {
					sq.gold = append(sq.gold, an.Text)
				}
				qs = append(qs, sq)
				if negShare > 0 && hashShare(qa.ID) < negShare {
					if np := negativeParagraph(paras, pi, sq); np >= 0 {
						negs[np] = append(negs[np], squadQ{id: qa.ID + "#neg", q: qa.Question})
					}
				}
			}
			jobs = append(jobs, job{title: art.Title, context: p.Context, qs: qs})
		}
		for pi := range paras {
			if len(negs[pi]) > 0 {
				jobs = append(jobs, job{title: art.Title, context: paras[pi], qs: negs[pi]})
			}
		}
	}
	// One lexicon, tagger and model for all the paragraphs' bots.
	base, err := bot.NewWithWeights(nil, nil, nil)
	if err != nil {
		return nil, nil, err
	}
	if err := base.LoadTagger(); err != nil {
		return nil, nil, err
	}
	results := make([][]bot.Sample, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = paragraphSamples(ctx, base, jobs[i].title, jobs[i].context, jobs[i].qs, names)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, j := range jobs {
		if heldOutArticles[j.title] {
			test = append(test, results[i]...)
		} else {
			train = append(train, squadArticle{j.title, results[i]})
		}
	}
	return train, test, nil
}

// squadArticle is one paragraph's samples, with its article's title.
type squadArticle struct {
	title   string
	samples []bot.Sample
}

// foldsOf is the fold of each article: the articles fitted on, in their
// order of first appearance, dealt round the folds in turn.
func foldsOf(arts []squadArticle, folds int) map[string]int {
	fold := map[string]int{}
	for _, a := range arts {
		if _, ok := fold[a.title]; !ok {
			fold[a.title] = len(fold) % folds
		}
	}
	return fold
}

type squadQ struct {
	id, q      string
	gold       []string
	answerable bool
}

// hashShare maps an id to [0, 1) by its SHA-1, the same every run.
func hashShare(id string) float64 {
	h := sha1.Sum([]byte("train:neg:" + id))
	return float64(uint32(h[0])<<24|uint32(h[1])<<16|uint32(h[2])<<8|uint32(h[3])) / (1 << 32)
}

// negativeParagraph is the paragraph other than own sharing most words with
// the question among those holding no word of a gold answer; -1 when none.
func negativeParagraph(paras []string, own int, q squadQ) int {
	goldWords := map[string]bool{}
	for _, g := range q.gold {
		for _, w := range squadWords(g) {
			goldWords[w] = true
		}
	}
	qWords := map[string]bool{}
	for _, w := range squadWords(q.q) {
		qWords[w] = true
	}
	best, bestN := -1, -1
	for i, p := range paras {
		if i == own {
			continue
		}
		ws := squadWords(p)
		clean := true
		n := 0
		seen := map[string]bool{}
		for _, w := range ws {
			if goldWords[w] {
				clean = false
				break
			}
			if qWords[w] && !seen[w] {
				seen[w] = true
				n++
			}
		}
		if clean && n > bestN {
			best, bestN = i, n
		}
	}
	return best
}

var squadStop = map[string]bool{"the": true, "a": true, "an": true, "of": true, "in": true, "on": true, "and": true,
	"to": true, "is": true, "was": true, "what": true, "who": true, "which": true, "when": true, "where": true,
	"how": true, "did": true, "does": true, "do": true, "for": true, "by": true, "as": true, "at": true, "with": true}

// squadWords are the lower-case words of s but the commonest ones.
func squadWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !squadStop[w] {
			out = append(out, w)
		}
	}
	return out
}

// paragraphSamples featurizes qs against a corpus of one paragraph.
func paragraphSamples(ctx context.Context, base *bot.Bot, title, text string, qs []squadQ, names *bot.NameTable) []bot.Sample {
	data := fmt.Sprintf("---\ntitle: %q\n---\n%s\n", strings.ReplaceAll(title, "_", " "), text)
	doc, err := corpus.Parse("p.md", []byte(data))
	if err != nil {
		return nil
	}
	ix, err := index.Open(ctx, []corpus.Document{doc}, index.Options{Lexicon: base.Lexicon()})
	if err != nil {
		return nil
	}
	defer ix.Close()
	b := base.WithIndex(ix)
	var out []bot.Sample
	for _, q := range qs {
		gold := q.gold
		group := "squad"
		if heldOutArticles[title] {
			group = "squad-heldout"
		}
		out = append(out, bot.Featurize(ctx, bot.Example{Bot: b, Question: q.q, Group: group, Weight: 1, Names: names, Overlap: true,
			Answerable: q.answerable,
			Label:      func(short, _ string) float64 { return squadF1(short, gold) }}))
	}
	return out
}

var squadPunct = regexp.MustCompile(`[^\p{L}\p{N}\s]`)
var squadArticles = regexp.MustCompile(`\b(a|an|the)\b`)

// squadNormalize is SQuAD's answer normalization: lower case, punctuation
// and articles removed, white space collapsed.
func squadNormalize(s string) []string {
	s = squadPunct.ReplaceAllString(strings.ToLower(s), "")
	s = squadArticles.ReplaceAllString(s, " ")
	return strings.Fields(s)
}

// squadF1 is the best token F1 of pred against the gold answers.
func squadF1(pred string, gold []string) float64 {
	p := squadNormalize(pred)
	best := 0.0
	for _, g := range gold {
		gt := squadNormalize(g)
		common := map[string]int{}
		for _, t := range gt {
			common[t]++
		}
		same := 0
		for _, t := range p {
			if common[t] > 0 {
				common[t]--
				same++
			}
		}
		if same == 0 || len(p) == 0 {
			continue
		}
		prec, rec := float64(same)/float64(len(p)), float64(same)/float64(len(gt))
		best = max(best, 2*prec*rec/(prec+rec))
	}
	return best
}
