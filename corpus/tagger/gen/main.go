// Command gen writes corpus/tagger/model.bin.gz, the compact form of the averaged
// perceptron model of github.com/jdkato/prose/v2 v2.0.0 (MIT license), from
// the module's model/AveragedPerceptron/{classes,tags,weights}.gob. It reads
// those files from disk; it does not import prose.
//
//	go run ./corpus/tagger/gen [-prose DIR] [-out corpus/tagger/model.bin.gz] [-check] [-text FILE] [-golden FILE]
//
// Without -prose it uses $(go env GOMODCACHE)/github.com/jdkato/prose/v2@v2.0.0
// (fetch it with: go mod download github.com/jdkato/prose/v2@v2.0.0).
//
// With -check it then loads the written file with tagger.Read and compares
// its tags with a direct float64 port of prose's tagger over the gob model,
// on -text (default: prose's testdata/sherlock.txt, split into tokens by a
// simple tokenizer) and on the token sequences of -golden; it fails if
// agreement is below 99.9%. With -golden it also compares the compact
// tagger's tags with the golden tags (a file of lines of "word/TAG" tokens,
// as in tagger/testdata/golden.txt).
//
// # Format
//
// The model is a byte sequence (a string is a uvarint length and the bytes;
// uvarint as in encoding/binary) in three parts:
//
//	magic      "PTAGGER3"
//	scale      uvarint: a weight w is stored as the integer round(w*scale)
//	classes    uvarint n, n strings: the tags; a class index is a position
//	           in this list (n <= 256)
//	templates  uvarint n, n strings: feature template names ("bias",
//	           "i suffix", "i-1 tag+i word", ...; see tagger.Templates); a
//	           template code is a position in this list
//	dict       uvarint n, n × (string word, 1 byte class index), sorted by
//	           word: the words whose tag is fixed (prose's tagMap)
//	keys       uvarint nFeatures, uvarint total key bytes, then per feature
//	           in byte order of the keys: uvarint shared, string suffix.
//	           The key is the first shared bytes of the previous key
//	           followed by suffix (front coding). A key is the template
//	           code byte followed by the template's values joined by
//	           spaces: prose's feature "i-1 tag+i word DT house" has the key
//	           "\x07DT house", "bias" the key "\x00".
//	---
//	counts     uvarint nFeatures (again), uvarint nPairs, nFeatures ×
//	           uvarint: each feature's number of (class, weight) pairs
//	           (>= 1; features without non-zero weights are dropped)
//	classes    nPairs bytes: the pairs' class indexes, features in key
//	           order, each feature's pairs in class-index order
//	---
//	weights    nPairs × int16 little-endian: the pairs' weights times scale.
//	           A weight beyond ±32767 is split into several pairs of the
//	           same class (scores are sums, so this is exact).
//
// model.bin.gz stores the three parts as three gzip members (no name, no
// mtime, OS 255): the first two at best compression, the weights, which
// hardly compress, stored; decompressed as one stream (gzip -d, Go's
// gzip.Reader) they are the byte sequence above. The first member's header
// has an extra subfield (RFC 1952) with ID "PT" and two little-endian
// uint32, the file offsets of the second and third members, so that a
// loader can decode the parts concurrently: the keys into a byte blob and a
// hash table, the rest as they are.
//
// All prose weights are multiples of 0.001 (its training rounds the
// averaged weights to 3 decimals), so scale 1000 stores them exactly;
// gen reports the largest quantization error anyway. The output is
// deterministic.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"mssmbot/corpus/tagger"
)

const proseModule = "github.com/jdkato/prose/v2@v2.0.0"

func main() {
	proseDir := flag.String("prose", "", "prose module directory (default: GOMODCACHE/"+proseModule+")")
	out := flag.String("out", "corpus/tagger/model.bin.gz", "output file")
	scale := flag.Int("scale", 1000, "weights are stored as round(w*scale)")
	check := flag.Bool("check", false, "compare the written model with a float64 port of prose's tagger")
	text := flag.String("text", "", "text for -check (default: prose's testdata/sherlock.txt)")
	golden := flag.String("golden", "", "golden file (lines of word/TAG) for -check")
	flag.Parse()
	if err := run(*proseDir, *out, *scale, *check, *text, *golden); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func findProse() (string, error) {
	cache, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMODCACHE: %w (pass -prose DIR)", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(cache)), filepath.FromSlash(proseModule))
	if _, err := os.Stat(filepath.Join(dir, "model", "AveragedPerceptron", "weights.gob")); err != nil {
		return "", fmt.Errorf("prose model not found in %s: run `go mod download %s` (or pass -prose DIR)", dir, proseModule)
	}
	return dir, nil
}

type model struct {
	classes []string
	tags    map[string]string
	weights map[string]map[string]float64
}

func readModel(dir string) (*model, error) {
	m := &model{}
	for _, f := range []struct {
		name string
		v    any
	}{{"classes.gob", &m.classes}, {"tags.gob", &m.tags}, {"weights.gob", &m.weights}} {
		b, err := os.ReadFile(filepath.Join(dir, "model", "AveragedPerceptron", f.name))
		if err != nil {
			return nil, err
		}
		if err := gob.NewDecoder(bytes.NewReader(b)).Decode(f.v); err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return m, nil
}

func run(proseDir, out string, scale int, check bool, text, golden string) error {
	if proseDir == "" {
		d, err := findProse()
		if err != nil {
			return err
		}
		proseDir = d
	}
	m, err := readModel(proseDir)
	if err != nil {
		return err
	}
	parts, stats, err := encode(m, scale)
	if err != nil {
		return err
	}
	gz, err := compress(parts)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, gz, 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %s: %d bytes (%d + %d + %d uncompressed); %s\n", out, len(gz), len(parts[0]), len(parts[1]), len(parts[2]), stats)
	if !check {
		return nil
	}
	t, err := tagger.Read(bytes.NewReader(gz))
	if err != nil {
		return err
	}
	if text == "" {
		text = filepath.Join(proseDir, "testdata", "sherlock.txt")
	}
	return runCheck(m, t, text, golden)
}

// encode returns the model in three parts: header and keys, counts and
// classes, weights.
func encode(m *model, scale int) (parts [][]byte, stats string, err error) {
	if len(m.classes) > tagger.MaxClasses {
		return nil, "", fmt.Errorf("%d classes, at most %d supported", len(m.classes), tagger.MaxClasses)
	}
	class := make(map[string]int, len(m.classes))
	for i, c := range m.classes {
		if _, dup := class[c]; dup {
			return nil, "", fmt.Errorf("duplicate class %q", c)
		}
		class[c] = i
	}
	templates := tagger.Templates()
	for i, a := range templates {
		for j, b := range templates {
			if i != j && strings.HasPrefix(b, a+" ") {
				return nil, "", fmt.Errorf("template %q is a prefix of %q", a, b)
			}
		}
	}
	var b []byte
	uv := func(v int) { b = binary.AppendUvarint(b, uint64(v)) }
	str := func(s string) { uv(len(s)); b = append(b, s...) }

	b = append(b, tagger.Magic...)
	uv(scale)
	uv(len(m.classes))
	for _, c := range m.classes {
		str(c)
	}
	uv(len(templates))
	for _, t := range templates {
		str(t)
	}
	words := make([]string, 0, len(m.tags))
	for w := range m.tags {
		words = append(words, w)
	}
	sort.Strings(words)
	uv(len(words))
	for _, w := range words {
		c, ok := class[m.tags[w]]
		if !ok {
			return nil, "", fmt.Errorf("dictionary tag %q of %q is not a class", m.tags[w], w)
		}
		str(w)
		b = append(b, byte(c))
	}

	type pair struct {
		class int
		w     int64
	}
	type feature struct {
		key   string // template code byte + values
		pairs []pair
	}
	var feats []feature
	maxErr, dropped, zeros, np, nw, extra := 0.0, 0, 0, 0, 0, 0
	for f, ws := range m.weights {
		code := -1
		for i, t := range templates {
			if f == t || strings.HasPrefix(f, t+" ") {
				if code >= 0 {
					return nil, "", fmt.Errorf("feature %q matches two templates", f)
				}
				code = i
			}
		}
		if code < 0 {
			return nil, "", fmt.Errorf("feature %q matches no template", f)
		}
		key := string([]byte{byte(code)}) + strings.TrimPrefix(f[len(templates[code]):], " ")
		var ps []pair
		for c, w := range ws {
			ci, ok := class[c]
			if !ok {
				return nil, "", fmt.Errorf("feature %q: weight for unknown class %q", f, c)
			}
			q := math.Round(w * float64(scale))
			if math.Abs(q) > 1<<24 {
				return nil, "", fmt.Errorf("feature %q: weight %v too large at scale %d", f, w, scale)
			}
			maxErr = max(maxErr, math.Abs(q/float64(scale)-w))
			if q == 0 {
				zeros++
				continue
			}
			nw++
			// Split weights beyond int16 into several pairs of the
			// same class: scores are sums, so this is exact.
			for v := int64(q); v != 0; {
				part := min(max(v, math.MinInt16+1), math.MaxInt16)
				ps = append(ps, pair{ci, part})
				v -= part
				if v != 0 {
					extra++
				}
			}
		}
		if len(ps) == 0 {
			dropped++
			continue
		}
		slices.SortStableFunc(ps, func(a, b pair) int { return a.class - b.class })
		feats = append(feats, feature{key, ps})
		np += len(ps)
	}
	slices.SortFunc(feats, func(a, b feature) int { return strings.Compare(a.key, b.key) })
	keyBytes := 0
	for i, f := range feats {
		if i > 0 && f.key == feats[i-1].key {
			return nil, "", fmt.Errorf("two features have the key %q", f.key)
		}
		keyBytes += len(f.key)
	}
	uv(len(feats))
	uv(keyBytes)
	prev := ""
	for _, f := range feats {
		shared := 0
		for shared < len(prev) && shared < len(f.key) && prev[shared] == f.key[shared] {
			shared++
		}
		uv(shared)
		str(f.key[shared:])
		prev = f.key
	}
	keys := b

	b = nil
	uv(len(feats))
	uv(np)
	for _, f := range feats {
		uv(len(f.pairs))
	}
	for _, f := range feats {
		for _, p := range f.pairs {
			b = append(b, byte(p.class))
		}
	}
	counts := b

	var weights []byte
	for _, f := range feats {
		for _, p := range f.pairs {
			weights = binary.LittleEndian.AppendUint16(weights, uint16(int16(p.w)))
		}
	}
	stats = fmt.Sprintf("%d classes, %d dictionary words, %d features (%d without non-zero weights dropped), %d weights (%d zero after quantization dropped) in %d pairs (%d extra for weights beyond int16), scale %d, max quantization error %.3g",
		len(m.classes), len(words), len(feats), dropped, nw, zeros, np, extra, scale, maxErr)
	return [][]byte{keys, counts, weights}, stats, nil
}

// compress writes the three parts as gzip members, the first two
// compressed, the weights stored; the first one's header carries the
// offsets of the other two in an extra subfield.
func compress(parts [][]byte) ([]byte, error) {
	member := func(data []byte, level int, extra []byte) ([]byte, error) {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, level)
		if err != nil {
			return nil, err
		}
		zw.Header.Extra = extra
		zw.Header.OS = 255 // unknown; deterministic across systems
		if _, err := zw.Write(data); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	extra := func(off2, off3 int) []byte {
		e := append([]byte(tagger.ExtraID), 8, 0)
		e = binary.LittleEndian.AppendUint32(e, uint32(off2))
		return binary.LittleEndian.AppendUint32(e, uint32(off3))
	}
	second, err := member(parts[1], gzip.BestCompression, nil)
	if err != nil {
		return nil, err
	}
	third, err := member(parts[2], gzip.NoCompression, nil)
	if err != nil {
		return nil, err
	}
	// The header's size does not depend on the offsets: compress once to
	// learn the first member's size, then again with the real offsets.
	first, err := member(parts[0], gzip.BestCompression, extra(0, 0))
	if err != nil {
		return nil, err
	}
	n := len(first)
	if first, err = member(parts[0], gzip.BestCompression, extra(n, n+len(second))); err != nil {
		return nil, err
	}
	out := append(first, second...)
	return append(out, third...), nil
}

// ---- check ----

func runCheck(m *model, t *tagger.Tagger, textFile, goldenFile string) error {
	var sents [][]string
	var gold [][]string
	if textFile != "-" {
		raw, err := os.ReadFile(textFile)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err == nil {
			sents = append(sents, sentences(string(raw))...)
		} else {
			fmt.Printf("check: %s not found, skipping it\n", textFile)
		}
	}
	nText := len(sents)
	if goldenFile != "" {
		gw, gt, err := readGolden(goldenFile)
		if err != nil {
			return err
		}
		sents = append(sents, gw...)
		gold = gt
	}
	ref := &reference{m: m, class: map[string]int{}}
	for i, c := range m.classes {
		ref.class[c] = i
	}
	words, agree, sentAgree := 0, 0, 0
	shown := 0
	for si, s := range sents {
		want := ref.tag(s)
		got := t.Tag(s)
		same := true
		for i := range s {
			words++
			if want[i] == got[i] {
				agree++
			} else {
				same = false
			}
		}
		if same {
			sentAgree++
		} else if shown < 5 {
			shown++
			fmt.Printf("check: differs (sentence %d):\n  float64: %s\n  compact: %s\n", si, join(s, want), join(s, got))
		}
	}
	if words == 0 {
		return errors.New("check: no text")
	}
	rate := float64(agree) / float64(words)
	fmt.Printf("check: compact vs float64 reference: %d/%d words agree (%.4f%%), %d/%d sentences identical (%d from text, %d from golden); %d exact score ties in the reference\n",
		agree, words, 100*rate, sentAgree, len(sents), nText, len(sents)-nText, ref.ties)
	if gold != nil {
		gw, ga, gs := 0, 0, 0
		for i, want := range gold {
			got := t.Tag(sents[nText+i])
			same := true
			for j := range want {
				gw++
				if want[j] == got[j] {
					ga++
				} else {
					same = false
				}
			}
			if same {
				gs++
			} else if shown < 10 {
				shown++
				fmt.Printf("check: golden differs:\n  golden:  %s\n  compact: %s\n", join(sents[nText+i], want), join(sents[nText+i], got))
			}
		}
		fmt.Printf("check: compact vs golden: %d/%d words agree (%.4f%%), %d/%d sentences identical\n",
			ga, gw, 100*float64(ga)/float64(max(gw, 1)), gs, len(gold))
	}
	if rate < 0.999 {
		return fmt.Errorf("check: agreement %.4f%% below 99.9%%", 100*rate)
	}
	return nil
}

func join(words, tags []string) string {
	var b strings.Builder
	for i, w := range words {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w + "/" + tags[i])
	}
	return b.String()
}

// readGolden reads lines of space-separated word/TAG tokens (split at the
// last "/").
func readGolden(path string) (words, tags [][]string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var ws, ts []string
		for _, tok := range strings.Fields(line) {
			k := strings.LastIndexByte(tok, '/')
			if k <= 0 || k == len(tok)-1 {
				return nil, nil, fmt.Errorf("%s:%d: bad token %q", path, n, tok)
			}
			ws = append(ws, tok[:k])
			ts = append(ts, tok[k+1:])
		}
		words = append(words, ws)
		tags = append(tags, ts)
	}
	return words, tags, sc.Err()
}

// sentences splits text into rough sentences of tokens: whitespace, then
// leading/trailing punctuation and the clitics n't, 's, 'll, 're, 'm, 've,
// 'd as separate tokens. It only needs to produce realistic token
// sequences for the comparison.
func sentences(text string) [][]string {
	var out [][]string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		for _, f := range strings.Fields(line) {
			var pre, post []string
			for len(f) > 1 && strings.ContainsRune(`"'([{$`, rune(f[0])) {
				pre = append(pre, f[:1])
				f = f[1:]
			}
			for len(f) > 1 && strings.ContainsRune(`"')]},.;:!?`, rune(f[len(f)-1])) {
				post = append(post, f[len(f)-1:])
				f = f[:len(f)-1]
			}
			cur = append(cur, pre...)
			lower := strings.ToLower(f)
			split := false
			for _, c := range []string{"n't", "'s", "'ll", "'re", "'m", "'ve", "'d"} {
				if strings.HasSuffix(lower, c) && len(f) > len(c) {
					cur = append(cur, f[:len(f)-len(c)], f[len(f)-len(c):])
					split = true
					break
				}
			}
			if !split {
				cur = append(cur, f)
			}
			for i := len(post) - 1; i >= 0; i-- {
				cur = append(cur, post[i])
				if p := post[i]; (p == "." || p == "!" || p == "?") && i == 0 && !isAbbrev(f) {
					flush()
				}
			}
		}
	}
	flush()
	return out
}

func isAbbrev(w string) bool {
	switch w {
	case "Mr", "Mrs", "Dr", "St", "Mt", "Jr", "Sr", "vs", "etc":
		return true
	}
	return len(w) == 1 && unicode.IsUpper(rune(w[0]))
}

// reference is a direct port of prose v2.0.0's perceptronTagger.tag over
// the float64 gob model, except that score ties go to the lowest class
// index (prose: random map order).
type reference struct {
	m     *model
	class map[string]int
	ties  int
}

var (
	noneRE  = regexp.MustCompile(`^(?:0|\*[\w?]\*|\*\-\d{1,3}|\*[A-Z]+\*\-\d{1,3}|\*)$`)
	keepRE  = regexp.MustCompile(`^\-[A-Z]{3}\-$`)
	linkRE  = regexp.MustCompile(`(?:(?:https?:\/\/)?(?:[a-z0-9.\-]+|www|[a-z0-9.\-])[.](?:[^\s()<>]+|\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\))+(?:\((?:[^\s()<>]+|(?:\([^\s()<>]+\)))*\)|[^\s!()\[\]{};:\'".,<>?]))`)
	emailRE = regexp.MustCompile(`(?i)([A-Za-z0-9!#$%&'*+\/=?^_{|.}~-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)`)
)

var emoticons = map[string]bool{}

func init() {
	for _, e := range strings.Fields("(-8 (-; (-_-) (._.) (: (= (o: (¬_¬) (ಠ_ಠ) (╯°□°）╯︵┻━┻ -__- 8-) 8-D 8D :( :(( :((( :() :))) :-) :-)) :-))) :-* :-/ :-X :-] :-o :-p :-x :-| :-} :0 :3 :P :] :`( :`) :`-( :o :o) =( =) =D =| @_@ O.o O_o V_V XDD [-: ^___^ o_0 o_O o_o v_v xD xDD ¯\\(ツ)/¯") {
		emoticons[e] = true
	}
}

func (r *reference) tag(words []string) []string {
	tags := make([]string, len(words))
	p1, p2 := "-START-", "-START2-"
	ctx := make([]string, len(words)+4)
	ctx[0], ctx[1] = p1, p2
	for i, w := range words {
		ctx[i+2] = normalize(w)
	}
	ctx[len(ctx)-2], ctx[len(ctx)-1] = "-END-", "-END2-"
	for i, word := range words {
		var tag string
		var found bool
		if word == "-" {
			tag = "-"
		} else if emoticons[word] {
			tag = "SYM"
		} else if linkRE.MatchString(word) || emailRE.MatchString(word) || strings.HasPrefix(word, "@") {
			tag = "NN"
		} else if noneRE.MatchString(word) {
			tag = "-NONE-"
		} else if keepRE.MatchString(word) {
			tag = word
		} else if tag, found = r.m.tags[word]; !found {
			tag = r.predict(featurize(i, ctx, word, p1, p2))
		}
		tags[i] = tag
		p2, p1 = p1, tag
	}
	return tags
}

func (r *reference) predict(features map[string]float64) string {
	scores := map[string]float64{}
	for feat, value := range features {
		weights, found := r.m.weights[feat]
		if !found || value == 0 {
			continue
		}
		for label, weight := range weights {
			scores[label] += value * weight
		}
	}
	class, best, tie := "", math.Inf(-1), false
	for label, v := range scores {
		switch {
		case v > best:
			class, best, tie = label, v, false
		case v == best:
			tie = true
			if r.class[label] < r.class[class] {
				class = label
			}
		}
	}
	if tie {
		r.ties++
	}
	return class
}

func featurize(i int, ctx []string, w, p1, p2 string) map[string]float64 {
	feats := map[string]float64{}
	add := func(args ...string) { feats[strings.Join(args, " ")]++ }
	suf := min(len(w), 3)
	i = min(len(ctx)-2, i+2)
	iminus := min(len(ctx[i-1]), 3)
	iplus := min(len(ctx[i+1]), 3)
	add("bias")
	add("i suffix", w[len(w)-suf:])
	if w != "" {
		add("i pref1", string(rune(w[0])))
	}
	add("i-1 tag", p1)
	add("i-2 tag", p2)
	add("i tag+i-2 tag", p1, p2)
	add("i word", ctx[i])
	add("i-1 tag+i word", p1, ctx[i])
	add("i-1 word", ctx[i-1])
	add("i-1 suffix", ctx[i-1][len(ctx[i-1])-iminus:])
	add("i-2 word", ctx[i-2])
	add("i+1 word", ctx[i+1])
	add("i+1 suffix", ctx[i+1][len(ctx[i+1])-iplus:])
	add("i+2 word", ctx[i+2])
	return feats
}

func normalize(word string) string {
	if word == "" {
		return word
	}
	first := string(word[0])
	if strings.Contains(word, "-") && first != "-" {
		return "!HYPHEN"
	} else if _, err := strconv.Atoi(word); err == nil && len(word) == 4 {
		return "!YEAR"
	} else if _, err := strconv.Atoi(first); err == nil {
		return "!DIGITS"
	}
	return strings.ToLower(word)
}
