// Package index stores the corpus sentences, with their annotations, in a
// bleve (scorch) full-text index and searches them.
package index

import (
	"bufio"
	"context"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"mssmbot/corpus"
	"mssmbot/corpus/lexicon"
	"mssmbot/corpus/memo"
)

// formatVersion changes whenever the stored layout changes, so that an index
// written by an older build is rebuilt.
const formatVersion = "mssmbot-index-10"

const (
	bleveDir     = "bleve"
	metaFile     = "mssmbot-index.json"
	synonymSrc   = "thesaurus"
	synonymColl  = "thesaurus"
	fieldText    = "text"
	fieldEnts    = "ents"
	fieldPeople  = "people"
	fieldDoc     = "doc"
	fieldTitle   = "title"
	fieldDate    = "date"
	fieldPos     = "pos"
	fieldAnn     = "ann"
	fieldHeading = "heading"
	fieldSection = "section"
	fieldPage    = "page"
	fieldLead    = "lead"
)

// Index is a searchable corpus. It is safe for concurrent use.
type Index struct {
	// bi searches every shard: the shard itself when there is one, else an
	// alias that searches them in parallel.
	bi        bleve.Index
	shards    []bleve.Index
	dir       string
	temporary bool
	log       *slog.Logger
	ann       *corpus.Annotator
	analyzer  analysis.Analyzer
	thesaurus *Thesaurus
	// vocab holds each term of the text field, with the number of sentences
	// holding it.
	vocab     *termCounts
	entVocab  map[string]int
	peopleVoc map[string]int
	// sectionVoc and leadVoc are the terms of the headings and list lead-ins
	// (a search leaves out the clauses on them that cannot match).
	sectionVoc, leadVoc map[string]int
	acronyms            map[string]string   // short -> expansion, as the corpus defines them
	people              []string            // full names, in order of first mention
	related             map[string][]string // stem -> its synonyms' stems
	cache               *hitCache
	// words keeps the analysis of single words and short phrases (the bot
	// analyzes the same question words, names and foci for every
	// question); syns the synonyms of the clauses searched for, by clause,
	// handed to bleve instead of it reading its thesaurus each search.
	words memo.Map[[]Term]
	syns  memo.Map[search.FieldTermSynonymMap]
	// bounds are the best scores of common clauses, for topK; pruneFrom
	// is the corpus size from which Search uses it.
	bounds      bounds
	pruneFrom   int
	corrections corrections
	sentences   int
	docs        int
	hash        string
	manifest    *corpus.Manifest // of the corpus files, kept in the meta file
	summaries   []Summary
	// shardsWanted is Options.Shards, for a build.
	shardsWanted int
}

// prepareAhead is how many blocks of annotated documents may wait for bleve.
const prepareAhead = 2

// buildMemory is the Go heap a large build aims to stay under.
const buildMemory = 600 << 20

// cacheSize is how many analyzed sentences the index keeps at hand (a few KB each).
const cacheSize = 4096

// Options configure Open.
type Options struct {
	// Dir persists the index; empty means a temporary index removed by Close.
	Dir    string
	Logger *slog.Logger
	// Manifest, when set, is kept with a persisted index: Reopen compares it
	// to the corpus files to reuse the index without reading the corpus.
	Manifest *corpus.Manifest
	// Shards is how many bleve indexes a build splits the sentences into,
	// each searched on its own core (0 means 1). On a machine with cores to
	// spare it shortens each search; on two cores shared with the clients
	// it lengthens the slowest (see the README).
	Shards int
	// Consume lets a build drop each document's sentences once indexed, so
	// that a large corpus is not held twice; the caller must not read them
	// after Open.
	Consume bool
	// Lexicon is the WordNet table the annotator reads; nil loads the
	// embedded one (a few megabytes: share one between indexes).
	Lexicon *lexicon.Lexicon
}

// meta is written beside a persisted index.
type meta struct {
	Format    string `json:"format"`
	Hash      string `json:"corpus_hash"`
	Sentences int    `json:"sentences"`
	Docs      int    `json:"documents"`
	// Shards is how many bleve indexes hold the sentences (0 means 1).
	Shards int `json:"shards,omitempty"`
	// Acronyms maps each acronym the corpus defines to its expansion.
	Acronyms map[string]string `json:"acronyms"`
	// People lists the full names of the people the corpus names.
	People []string `json:"people"`
	// Manifest lists the corpus files the index was built from.
	Manifest *corpus.Manifest `json:"manifest,omitempty"`
	// Summaries describe its documents, for the operator.
	Summaries []Summary `json:"summaries,omitempty"`
}

// Summary describes one indexed document for the operator: its file, title,
// date, format, units and warnings.
type Summary struct {
	File     string   `json:"file"`
	Title    string   `json:"title"`
	Date     string   `json:"date,omitempty"`
	Format   string   `json:"format"`
	Units    int      `json:"units"`
	Warnings []string `json:"warnings,omitempty"`
}

// Summaries describe the indexed documents, in corpus order.
func (ix *Index) Summaries() []Summary { return ix.summaries }

// Open builds the index of docs, or reuses the one in opt.Dir when it was
// built from the same corpus. A folder holding a corrupt, foreign or stale
// index is rebuilt, and the logger says why.
func Open(ctx context.Context, docs []corpus.Document, opt Options) (*Index, error) {
	ix, err := newIndex(opt)
	if err != nil {
		return nil, err
	}
	log := ix.log
	ix.hash, ix.docs = corpus.Hash(docs), len(docs)
	for _, d := range docs {
		ix.summaries = append(ix.summaries, Summary{File: d.ID, Title: d.Title, Date: corpus.DateString(d.Date), Format: d.Format,
			Units: len(d.Sentences), Warnings: d.Warnings})
	}
	if opt.Dir == "" {
		dir, err := os.MkdirTemp("", "mssmbot-index-")
		if err != nil {
			return nil, fmt.Errorf("index: temporary folder: %w", err)
		}
		ix.dir, ix.temporary = dir, true
	} else {
		ix.dir = opt.Dir
		if err := os.MkdirAll(ix.dir, 0o755); err != nil {
			return nil, fmt.Errorf("index: create %s: %w", ix.dir, err)
		}
		if ok, why := ix.reuse(); ok {
			log.Debug("reusing persisted index", "dir", ix.dir)
			if opt.Manifest != nil {
				ix.writeMeta() // best effort: a read-only index keeps its old manifest
			}
			return ix, ix.loadVocab()
		} else if why != "" {
			log.Warn("rebuilding the index", "dir", ix.dir, "reason", why)
		}
	}
	if err := ix.build(ctx, &docSource{docs: docs, consume: opt.Consume}); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, ix.loadVocab()
}

// Build indexes the corpus files into opt.Dir, reading and annotating a few
// of them at a time, so that the corpus is never held whole: memory stays
// flat however large it is. An empty file is skipped with a warning; a bad
// one stops the build with an error naming it, and leaves the index that
// was in opt.Dir as it was: the new one is built beside it and moved into
// place once whole.
func Build(ctx context.Context, files []corpus.File, opt Options) (*Index, error) {
	if opt.Dir == "" {
		return nil, errors.New("index: build: no folder given")
	}
	ix, err := newIndex(opt)
	if err != nil {
		return nil, err
	}
	dir := filepath.Clean(opt.Dir)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("index: create %s: %w", dir, err)
	}
	// The folder is replaced whole: it must hold nothing but an index.
	if err := onlyIndex(dir); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".build-")
	if err != nil {
		return nil, fmt.Errorf("index: build beside %s: %w", dir, err)
	}
	defer os.RemoveAll(tmp) // gone once moved into place
	ix.dir = tmp
	err = ix.build(ctx, fileSource(files))
	if err == nil && ix.sentences == 0 {
		err = fmt.Errorf("index: build: no text: all %d corpus files are empty", len(files))
	}
	if err == nil {
		err = ix.loadVocab() // written beside it
	}
	if cerr := ix.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("index: build: %w", cerr)
	}
	if err != nil {
		return nil, err
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("index: replace %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		return nil, fmt.Errorf("index: replace %s: %w", dir, err)
	}
	os.RemoveAll(old)
	built := &Index{log: ix.log, ann: ix.ann, thesaurus: ix.thesaurus, hash: ix.hash, docs: ix.docs, cache: newHitCache(cacheSize), manifest: opt.Manifest, dir: dir, pruneFrom: pruneFrom}
	if ok, why := built.reuse(); !ok {
		return nil, fmt.Errorf("index: reopen %s: %s", dir, why)
	}
	return built, built.loadVocab()
}

// onlyIndex checks that dir is missing, empty or holds only what an index
// writes, so that replacing it loses nothing else.
func onlyIndex(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("index: read %s: %w", dir, err)
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".tmp")
		if name == bleveDir || strings.HasPrefix(name, bleveDir+"-") || name == metaFile || name == vocabFile || name == boundsFile {
			continue
		}
		return fmt.Errorf("index: %s holds %s, which is not part of an index: give an empty folder or one an index build wrote", dir, e.Name())
	}
	return nil
}

// newIndex is an index not yet opened, with what every index needs.
func newIndex(opt Options) (*Index, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ann, err := corpus.NewAnnotator(opt.Lexicon)
	if err != nil {
		return nil, err
	}
	th, err := loadThesaurus()
	if err != nil {
		return nil, err
	}
	return &Index{log: log.With("component", "index"), ann: ann, thesaurus: th, cache: newHitCache(cacheSize), manifest: opt.Manifest, shardsWanted: opt.Shards, pruneFrom: pruneFrom}, nil
}

// source hands a build its documents in order.
type source interface {
	len() int
	load(k int) (corpus.Document, error)
	// done lets the build drop document k once indexed.
	done(k int)
	// large says the build is big enough to tune the collector for.
	large() bool
}

// docSource is a loaded corpus; consume drops each document's sentences
// once indexed.
type docSource struct {
	docs    []corpus.Document
	consume bool
}

func (s *docSource) len() int                            { return len(s.docs) }
func (s *docSource) load(k int) (corpus.Document, error) { return s.docs[k], nil }
func (s *docSource) done(k int) {
	if s.consume {
		s.docs[k].Sentences, s.docs[k].Body = nil, ""
	}
}
func (s *docSource) large() bool {
	n := 0
	for _, d := range s.docs {
		n += len(d.Sentences)
	}
	return n > 20000
}

// fileSource is a corpus read file by file as the build goes.
type fileSource []corpus.File

func (s fileSource) len() int                            { return len(s) }
func (s fileSource) load(k int) (corpus.Document, error) { return s[k].Load() }
func (s fileSource) done(int)                            {}
func (s fileSource) large() bool                         { return len(s) > 100 }

// Reopen opens the index persisted in dir when the corpus files are those
// it was built from — the same files, sizes and times (or contents) as its
// manifest — without reading or parsing the corpus. It returns nil and the
// reason when it cannot, for the caller to load the corpus and Open.
func Reopen(dir string, now corpus.Manifest, opt Options) (*Index, string) {
	b, err := os.ReadFile(filepath.Join(dir, metaFile))
	if err != nil {
		return nil, "no index there yet"
	}
	var m meta
	if json.Unmarshal(b, &m) != nil || m.Format != formatVersion {
		return nil, "an index of another version"
	}
	if m.Manifest == nil || !m.Manifest.Unchanged(now) {
		return nil, "the corpus files changed since the index was built"
	}
	ix, err := newIndex(opt)
	if err != nil {
		return nil, err.Error()
	}
	ix.hash, ix.docs, ix.dir = m.Hash, m.Docs, dir
	if ok, why := ix.reuse(); !ok {
		return nil, why
	}
	if err := ix.loadVocab(); err != nil {
		ix.Close()
		return nil, err.Error()
	}
	return ix, ""
}

// writeMeta rewrites the meta file (with the current manifest).
func (ix *Index) writeMeta() {
	b, _ := json.Marshal(meta{Format: formatVersion, Hash: ix.hash, Sentences: ix.sentences, Docs: ix.docs, Shards: len(ix.shards), Acronyms: ix.acronyms, People: ix.people, Manifest: ix.manifest, Summaries: ix.summaries})
	tmp := filepath.Join(ix.dir, metaFile+".tmp")
	if os.WriteFile(tmp, b, 0o644) == nil {
		_ = os.Rename(tmp, filepath.Join(ix.dir, metaFile))
	}
}

// Hash is the hash of the corpus the index holds (corpus.Hash).
func (ix *Index) Hash() string { return ix.hash }

// reuse opens the persisted index when it matches the corpus; otherwise it
// says why not ("" when the folder holds no index at all).
func (ix *Index) reuse() (bool, string) {
	b, err := os.ReadFile(filepath.Join(ix.dir, metaFile))
	if errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(filepath.Join(ix.dir, bleveDir)); err == nil {
			return false, "index folder has no " + metaFile + " (foreign or incomplete)"
		}
		return false, ""
	}
	var m meta
	if err != nil || json.Unmarshal(b, &m) != nil {
		return false, "unreadable " + metaFile
	}
	if m.Format != formatVersion {
		return false, "index written by another version (" + m.Format + ")"
	}
	if m.Hash != ix.hash {
		return false, "corpus changed since the index was built"
	}
	// Read-only: a persisted index may be shipped to replicas on a read-only volume.
	var shards []bleve.Index
	var n uint64
	for k := range max(1, m.Shards) {
		bi, err := bleve.OpenUsing(shardPath(ix.dir, k), map[string]interface{}{"read_only": true})
		if err == nil {
			var c uint64
			if c, err = bi.DocCount(); err == nil {
				n += c
			}
			shards = append(shards, bi)
		}
		if err != nil {
			closeAll(shards)
			return false, "corrupt index: " + err.Error()
		}
	}
	if int(n) != m.Sentences+len(shards)*len(ix.thesaurus.groups) { // bleve also counts the synonym definitions
		closeAll(shards)
		return false, fmt.Sprintf("corrupt index: holds %d sentences, expected %d", n, m.Sentences)
	}
	ix.setShards(shards)
	ix.sentences, ix.acronyms, ix.people = m.Sentences, m.Acronyms, m.People
	if ix.summaries == nil {
		ix.summaries = m.Summaries
	}
	if a := shards[0].Mapping().AnalyzerNamed(en.AnalyzerName); a != nil {
		ix.analyzer = a
	}
	return true, ""
}

// shardPath is the folder of shard k of the index in dir.
func shardPath(dir string, k int) string {
	if k == 0 {
		return filepath.Join(dir, bleveDir)
	}
	return filepath.Join(dir, bleveDir+"-"+strconv.Itoa(k))
}

// setShards makes the shards the index searched.
func (ix *Index) setShards(shards []bleve.Index) {
	ix.shards = shards
	if len(shards) == 1 {
		ix.bi = shards[0]
	} else {
		ix.bi = bleve.NewIndexAlias(shards...)
	}
}

func closeAll(shards []bleve.Index) {
	for _, s := range shards {
		s.Close()
	}
}

func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	if err := im.AddSynonymSource(synonymSrc, map[string]interface{}{
		"collection": synonymColl,
		"analyzer":   en.AnalyzerName,
	}); err != nil {
		return nil, fmt.Errorf("index: synonym source: %w", err)
	}
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.SynonymSource = synonymSrc
	text.Store = true
	text.IncludeTermVectors = false
	text.IncludeInAll = false // every query names its field
	text.DocValues = false    // nothing sorts or facets on it
	ents := bleve.NewTextFieldMapping()
	ents.Analyzer = en.AnalyzerName
	ents.SynonymSource = synonymSrc
	ents.Store = false
	ents.IncludeInAll = false
	ents.DocValues = false
	ents.IncludeTermVectors = false
	stored := bleve.NewTextFieldMapping()
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	num := bleve.NewNumericFieldMapping()
	num.Index = false
	num.Store = true
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(fieldText, text)
	dm.AddFieldMappingsAt(fieldEnts, ents)
	dm.AddFieldMappingsAt(fieldPeople, ents)
	for _, f := range []string{fieldDoc, fieldTitle, fieldDate, fieldAnn} {
		dm.AddFieldMappingsAt(f, stored)
	}
	// The headings a sentence stands under, and its list's lead-in, are
	// analyzed and stored as the text is (the query weighs them less).
	dm.AddFieldMappingsAt(fieldSection, text)
	dm.AddFieldMappingsAt(fieldLead, text)
	dm.AddFieldMappingsAt(fieldPos, num)
	dm.AddFieldMappingsAt(fieldHeading, num)
	dm.AddFieldMappingsAt(fieldPage, num)
	// No composite _all field: every query names its field.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	im.DefaultMapping = dm
	im.DefaultAnalyzer = en.AnalyzerName
	im.DefaultSynonymSource = synonymSrc
	return im, nil
}

// docMaker makes the bleve document of a sentence directly, as the mapping
// would from a sentenceDoc without reflection (a large build spends a tenth
// of its time mapping documents otherwise).
type docMaker struct {
	analyzer analysis.Analyzer
	opts     map[string]bleveindex.FieldIndexingOptions
}

func newDocMaker(im *mapping.IndexMappingImpl, a analysis.Analyzer) docMaker {
	m := docMaker{analyzer: a, opts: map[string]bleveindex.FieldIndexingOptions{}}
	for name, dm := range im.DefaultMapping.Properties {
		if len(dm.Fields) == 1 {
			m.opts[name] = dm.Fields[0].Options()
		}
	}
	return m
}

func (m docMaker) document(id string, sd *sentenceDoc) *document.Document {
	d := document.NewDocument(id)
	text := func(name, v string) {
		d.AddField(document.NewTextFieldCustom(name, nil, []byte(v), m.opts[name], m.analyzer))
	}
	num := func(name string, v float64) {
		d.AddField(document.NewNumericFieldWithIndexingOptions(name, nil, v, m.opts[name]))
	}
	text(fieldText, sd.Text)
	text(fieldEnts, sd.Ents)
	text(fieldPeople, sd.People)
	text(fieldDoc, sd.Doc)
	text(fieldTitle, sd.Title)
	text(fieldDate, sd.Date)
	num(fieldPos, sd.Pos)
	num(fieldHeading, sd.Heading)
	text(fieldAnn, sd.Ann)
	if sd.Section != "" {
		text(fieldSection, sd.Section)
	}
	if sd.Page != 0 {
		num(fieldPage, sd.Page)
	}
	if sd.Lead != "" {
		text(fieldLead, sd.Lead)
	}
	d.SetIndexed()
	return d
}

// sentenceDoc is what bleve indexes for one sentence.
type sentenceDoc struct {
	Text    string  `json:"text"`
	Ents    string  `json:"ents"`
	People  string  `json:"people"`
	Doc     string  `json:"doc"`
	Title   string  `json:"title"`
	Date    string  `json:"date"`
	Pos     float64 `json:"pos"`
	Heading float64 `json:"heading"`
	Ann     string  `json:"ann"`
	Section string  `json:"section,omitempty"`
	Page    float64 `json:"page,omitempty"`
	Lead    string  `json:"lead,omitempty"`
}

func (ix *Index) build(ctx context.Context, src source) error {
	start := time.Now()
	stale, _ := filepath.Glob(filepath.Join(ix.dir, bleveDir+"-*"))
	for _, path := range append(stale, filepath.Join(ix.dir, bleveDir)) {
		if err := os.RemoveAll(path); err != nil {
			return fmt.Errorf("index: clear %s: %w", path, err)
		}
	}
	os.Remove(filepath.Join(ix.dir, metaFile))
	os.Remove(filepath.Join(ix.dir, vocabFile))
	os.Remove(filepath.Join(ix.dir, boundsFile))
	im, err := newMapping()
	if err != nil {
		return err
	}
	nShards := max(1, ix.shardsWanted)
	var shards []bleve.Index
	for k := range nShards {
		bi, err := bleve.New(shardPath(ix.dir, k), im)
		if err != nil {
			closeAll(shards)
			return fmt.Errorf("index: create %s: %w", shardPath(ix.dir, k), err)
		}
		shards = append(shards, bi)
	}
	ix.setShards(shards)
	ix.analyzer = shards[0].Mapping().AnalyzerNamed(en.AnalyzerName)
	mk := newDocMaker(im, ix.analyzer)
	batches := make([]*bleve.Batch, nShards)
	for k, bi := range shards {
		batches[k] = bi.NewBatch()
		for i, g := range ix.thesaurus.groups {
			if err := batches[k].IndexSynonym("syn"+strconv.Itoa(i), synonymColl, &bleve.SynonymDefinition{Synonyms: g}); err != nil {
				return fmt.Errorf("index: synonyms: %w", err)
			}
		}
	}
	// Bleve turns each batch into a segment on one core: two writers keep
	// both cores busy while annotation runs ahead (one per shard, or two
	// on a single one).
	writes := make([]chan *bleve.Batch, nShards)
	var writeErr error
	var errOnce sync.Once
	var writers sync.WaitGroup
	for k, bi := range shards {
		writes[k] = make(chan *bleve.Batch, 1)
		for range max(1, 2/nShards) {
			writers.Go(func() {
				for b := range writes[k] {
					if err := bi.Batch(b); err != nil {
						errOnce.Do(func() { writeErr = fmt.Errorf("index: write %s: %w", shardPath(ix.dir, k), err) })
					}
				}
			})
		}
	}
	closeWrites := sync.OnceFunc(func() {
		for _, w := range writes {
			close(w)
		}
		writers.Wait()
	})
	defer closeWrites()
	flush := func(k int) error {
		writes[k] <- batches[k]
		batches[k] = shards[k].NewBatch()
		return ctx.Err()
	}
	// A large build allocates much and keeps little: collecting garbage less
	// often while it runs makes it about 15% faster for a few hundred MB more.
	// The memory limit keeps the peak under buildMemory however large the
	// corpus (the collector then works harder, near it).
	if src.large() {
		old := debug.SetGCPercent(400)
		if old > 400 || old < 0 {
			debug.SetGCPercent(old)
		}
		defer debug.SetGCPercent(old)
		oldLimit := debug.SetMemoryLimit(buildMemory)
		if oldLimit < buildMemory {
			debug.SetMemoryLimit(oldLimit)
		}
		defer debug.SetMemoryLimit(oldLimit)
	}
	n := 0
	ix.acronyms = map[string]string{}
	seenPeople := map[string]struct{}{}
	// Documents are read and annotated on every core, blocks of them ahead
	// of the indexing (bleve parallelises its own analysis but writes each
	// segment on one core): prepareAhead blocks, so annotation goes on while
	// bleve writes, and no more of the corpus is held than that.
	const block = 64
	next := make(chan []prepared, prepareAhead)
	go func() {
		defer close(next)
		for lo := 0; lo < src.len(); lo += block {
			hi := min(lo+block, src.len())
			next <- ix.prepare(src, lo, hi)
			for k := lo; k < hi; k++ {
				src.done(k)
			}
		}
	}()
	defer func() {
		for range next { // let the producer finish on an early return
		}
	}()
	// The corpus hash and the summaries follow the documents' order.
	hash := corpus.NewHasher()
	ix.summaries, ix.docs = nil, 0
	for ps := range next {
		for _, p := range ps {
			if p.err != nil {
				return p.err
			}
			if p.summary.Units == 0 {
				ix.log.Warn("skipping a file with no text", "file", p.summary.File)
				continue
			}
			hash.Add(p.head)
			ix.summaries = append(ix.summaries, p.summary)
			shard := ix.docs % nShards // a document's sentences stay together
			ix.docs++
			for _, ac := range p.acronyms {
				if _, seen := ix.acronyms[ac.Short]; !seen {
					ix.acronyms[ac.Short] = ac.Long
				}
			}
			for _, name := range p.people {
				if _, seen := seenPeople[name]; !seen {
					seenPeople[name] = struct{}{}
					ix.people = append(ix.people, name)
				}
			}
			for k := range p.docs {
				if err := batches[shard].IndexAdvanced(mk.document(p.ids[k], &p.docs[k])); err != nil {
					return fmt.Errorf("index: %s: %w", p.ids[k], err)
				}
				n++
				if batches[shard].Size() >= 5000 {
					if err := flush(shard); err != nil {
						return err
					}
				}
			}
		}
	}
	for k := range shards {
		if err := flush(k); err != nil {
			return err
		}
	}
	closeWrites()
	if writeErr != nil {
		return writeErr
	}
	ix.sentences, ix.hash = n, hash.Sum()
	b, _ := json.Marshal(meta{Format: formatVersion, Hash: ix.hash, Sentences: n, Docs: ix.docs, Shards: len(ix.shards), Acronyms: ix.acronyms, People: ix.people, Manifest: ix.manifest, Summaries: ix.summaries})
	if err := os.WriteFile(filepath.Join(ix.dir, metaFile), b, 0o644); err != nil {
		return fmt.Errorf("index: write %s: %w", metaFile, err)
	}
	ix.log.Debug("index built", "sentences", n, "documents", ix.docs, "took", time.Since(start))
	return nil
}

// prepared is one document made ready for bleve.
type prepared struct {
	head     corpus.Document // its header and body, for the hash
	summary  Summary
	ids      []string
	docs     []sentenceDoc
	acronyms []corpus.Acronym
	people   []string
	err      error
}

// prepare reads and annotates documents lo to hi of src in parallel,
// keeping their order.
func (ix *Index) prepare(src source, lo, hi int) []prepared {
	out := make([]prepared, hi-lo)
	var wg sync.WaitGroup
	work := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for k := range work {
				d, err := src.load(k)
				if err != nil {
					out[k-lo] = prepared{err: err}
					continue
				}
				out[k-lo] = ix.prepareDoc(d)
			}
		})
	}
	for k := lo; k < hi; k++ {
		work <- k
	}
	close(work)
	wg.Wait()
	return out
}

func (ix *Index) prepareDoc(d corpus.Document) prepared {
	p := prepared{head: d}
	p.head.Sentences = nil
	p.summary = Summary{File: d.ID, Title: d.Title, Date: corpus.DateString(d.Date), Format: d.Format, Units: len(d.Sentences), Warnings: d.Warnings}
	if len(d.Sentences) == 0 {
		return p
	}
	p.head.Sentences = d.Sentences[:1] // for the hash, which leaves out empty documents
	anns := ix.ann.Document(d)
	for i, s := range d.Sentences {
		ab, err := json.Marshal(anns[i])
		if err != nil {
			return prepared{err: fmt.Errorf("index: %s: %w", d.ID, err)}
		}
		p.acronyms = append(p.acronyms, anns[i].Acronyms...)
		for _, person := range anns[i].People {
			if person.Start >= 0 {
				p.people = append(p.people, person.Name)
			}
		}
		sd := sentenceDoc{Text: s.Text, Ents: entities(anns[i]), People: peopleOf(anns[i]), Doc: d.ID, Title: d.Title,
			Date: corpus.DateString(d.Date), Pos: float64(s.Pos), Ann: string(ab), Section: s.Section, Page: float64(s.Page), Lead: s.Lead}
		if s.Heading {
			sd.Heading = 1
		}
		p.ids = append(p.ids, sentenceID(d.ID, s.Pos))
		p.docs = append(p.docs, sd)
	}
	return p
}

// entities is the text of the entity field: canonical countries, people and
// acronyms with their expansions, so that "Kenyan" is found by "Kenya" and
// "He" by the name it stands for.
func entities(a corpus.Annotations) string {
	var parts []string
	for _, p := range a.Places {
		parts = append(parts, p.Country)
	}
	for _, p := range a.People {
		parts = append(parts, p.Name)
	}
	for _, ac := range a.Acronyms {
		parts = append(parts, ac.Short, ac.Long)
	}
	return strings.Join(parts, " ; ")
}

// peopleOf is the text of the people field: the names of everyone the
// sentence is about, pronoun references included.
func peopleOf(a corpus.Annotations) string {
	var names []string
	for _, p := range a.People {
		names = append(names, p.Name)
	}
	return strings.Join(names, " ; ")
}

// People returns the full names of the people the corpus names.
func (ix *Index) People() []string { return ix.people }

// Acronyms returns the acronyms the corpus defines, with their expansions.
func (ix *Index) Acronyms() map[string]string { return ix.acronyms }

func sentenceID(doc string, pos int) string { return doc + "#" + strconv.Itoa(pos) }

// loadVocab reads the text field's dictionary: every term and how many
// sentences hold it.
func (ix *Index) loadVocab() (err error) {
	ix.stemThesaurus()
	ix.readBounds()
	// A persisted index keeps its vocabularies beside it: walking the term
	// dictionaries of a large index takes most of a second.
	path := filepath.Join(ix.dir, vocabFile)
	if v, ok := readVocab(path, ix.hash); ok {
		ix.vocab = ix.newTermCounts(v.Text)
		ix.entVocab, ix.peopleVoc, ix.sectionVoc, ix.leadVoc = v.Ents, v.People, v.Section, v.Lead
		return nil
	}
	// The text field has too many terms to count them all (a few seconds
	// on a million sentences): each is counted when first asked for.
	text := map[string]int{}
	for _, bi := range ix.shards {
		if err := shardTerms(bi, fieldText, func(t string) { text[t] = uncounted }); err != nil {
			return fmt.Errorf("index: vocabulary of %s: %w", fieldText, err)
		}
	}
	ix.vocab = ix.newTermCounts(text)
	if ix.entVocab, err = ix.fieldVocab(fieldEnts); err != nil {
		return err
	}
	if ix.peopleVoc, err = ix.fieldVocab(fieldPeople); err != nil {
		return err
	}
	if ix.sectionVoc, err = ix.fieldVocab(fieldSection); err != nil {
		return err
	}
	if ix.leadVoc, err = ix.fieldVocab(fieldLead); err != nil {
		return err
	}
	if !ix.temporary {
		writeVocab(path, vocabs{Hash: ix.hash, Text: text, Ents: ix.entVocab, People: ix.peopleVoc, Section: ix.sectionVoc, Lead: ix.leadVoc}) // best effort: the folder may be read-only
	}
	return nil
}

// uncounted marks a term whose count is not read yet.
const uncounted = -1

// termCounts is a field's vocabulary: every term, with how many sentences
// hold it, read from its postings the first time it is asked for. Safe for
// concurrent use.
type termCounts struct {
	mu    sync.Mutex
	m     map[string]int // term -> count, or uncounted
	count func(term string) (int, error)
}

// newTermCounts counts terms of the text field across the shards.
func (ix *Index) newTermCounts(m map[string]int) *termCounts {
	return &termCounts{m: m, count: func(term string) (int, error) { return ix.termCount(fieldText, term) }}
}

// termCount reads from the postings how many sentences hold term in field.
func (ix *Index) termCount(field, term string) (int, error) {
	n := 0
	for _, bi := range ix.shards {
		adv, err := bi.Advanced()
		if err != nil {
			return 0, err
		}
		r, err := adv.Reader()
		if err != nil {
			return 0, err
		}
		tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, false, false, false)
		if err == nil {
			n += int(tfr.Count())
			err = tfr.Close()
		}
		r.Close()
		if err != nil {
			return 0, err
		}
	}
	return n, nil
}

// get is how many sentences hold term (0: none).
func (t *termCounts) get(term string) int {
	t.mu.Lock()
	c, ok := t.m[term]
	t.mu.Unlock()
	if !ok {
		return 0
	}
	if c != uncounted {
		return c
	}
	n, err := t.count(term)
	if err != nil {
		return 1 // held, but the index is closing: count it once
	}
	t.mu.Lock()
	t.m[term] = n
	t.mu.Unlock()
	return n
}

// vocabFile keeps a persisted index's vocabularies (gob).
const vocabFile = "mssmbot-vocab.gob"

// vocabs are the term counts of the searched fields, for the corpus of Hash.
type vocabs struct {
	Hash                              string
	Text, Ents, People, Section, Lead map[string]int
}

func readVocab(path, hash string) (vocabs, bool) {
	f, err := os.Open(path)
	if err != nil {
		return vocabs{}, false
	}
	defer f.Close()
	var v vocabs
	if err := gob.NewDecoder(bufio.NewReader(f)).Decode(&v); err != nil || v.Hash != hash || v.Text == nil {
		return vocabs{}, false
	}
	return v, true
}

func writeVocab(path string, v vocabs) { writeGob(path, v) }

// writeGob writes v to path through a temporary file, or not at all.
func writeGob(path string, v any) {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return
	}
	w := bufio.NewWriter(f)
	if gob.NewEncoder(w).Encode(v) != nil || w.Flush() != nil || f.Close() != nil {
		f.Close()
		os.Remove(tmp)
		return
	}
	_ = os.Rename(tmp, path)
}

// fieldVocab counts, for every term of field, the sentences holding it. The
// term dictionary lists the terms, but its counts are not to be trusted once
// segments are merged (on the 1M-sentence benchmark corpus it counted one
// term 832 times where its postings hold 21,494 sentences): each term's count
// is read from its postings. For the small fields (names, countries,
// headings); the text field's terms are counted when first asked for.
func (ix *Index) fieldVocab(field string) (map[string]int, error) {
	v := map[string]int{}
	for _, bi := range ix.shards {
		if err := shardTerms(bi, field, func(t string) { v[t] = 0 }); err != nil {
			return nil, fmt.Errorf("index: vocabulary of %s: %w", field, err)
		}
	}
	terms := make([]string, 0, len(v))
	for t := range v {
		terms = append(terms, t)
	}
	counts := make([]int, len(terms))
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for w := range errs { // on every core
		wg.Go(func() {
			for k := w; k < len(terms) && errs[w] == nil; k += len(errs) {
				counts[k], errs[w] = ix.termCount(field, terms[k])
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("index: vocabulary of %s: %w", field, err)
	}
	for k, t := range terms {
		v[t] = counts[k]
	}
	return v, nil
}

// shardTerms calls add with each term of field in one shard.
func shardTerms(bi bleve.Index, field string, add func(string)) error {
	fd, err := bi.FieldDict(field)
	if err != nil {
		return err
	}
	defer fd.Close()
	for {
		e, err := fd.Next()
		if err != nil {
			return err
		}
		if e == nil {
			return nil
		}
		add(e.Term)
	}
}

// Close releases the index and removes a temporary one.
func (ix *Index) Close() error {
	var err error
	for _, s := range ix.shards {
		if cerr := s.Close(); err == nil {
			err = cerr
		}
	}
	ix.shards = nil // a second Close does nothing (ix.bi, closed, answers searches with an error)
	if ix.temporary {
		os.RemoveAll(ix.dir)
	}
	return err
}

// Annotator returns the annotator used for the corpus, for questions.
func (ix *Index) Annotator() *corpus.Annotator { return ix.ann }

// Sentences is the number of sentences indexed.
func (ix *Index) Sentences() int { return ix.sentences }

// Shards is how many bleve indexes hold the sentences.
func (ix *Index) Shards() int { return len(ix.shards) }

// Documents is the number of documents indexed.
func (ix *Index) Documents() int { return ix.docs }
