package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"mssmbot/bot"
	"mssmbot/corpus"
	"mssmbot/index"
)

// loader loads the corpus into a new generation of the bot and swaps it in.
type loader struct {
	dirs     []string // empty: the embedded corpus
	indexDir string   // used by the first load only
	log      *slog.Logger
	live     *liveBot
	// onReload is called after every reload (not the first load) with its
	// error, nil when it succeeded or the corpus was unchanged.
	onReload func(error)

	mu     sync.Mutex // one load at a time
	loaded bool

	smu        sync.Mutex // guards the status below
	loadedAt   time.Time
	lastReload time.Time
	result     string
}

// status is the loader's last load or reload, for the admin page.
func (l *loader) status() (loadedAt, lastReload time.Time, result string) {
	l.smu.Lock()
	defer l.smu.Unlock()
	return l.loadedAt, l.lastReload, l.result
}

func (l *loader) setStatus(reload bool, result string) {
	l.smu.Lock()
	defer l.smu.Unlock()
	now := time.Now()
	if reload {
		l.lastReload = now
	}
	if result != "unchanged" && !strings.HasPrefix(result, "failed") {
		l.loadedAt = now
	}
	l.result = result
}

// load reads the corpus and, unless it is unchanged, builds its index and
// swaps it in. The first load keeps its index in indexDir (reusing one built
// by `mssmbot index build`); later ones build a fresh temporary index, since
// the one in indexDir is still open and serving.
func (l *loader) load(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	start := time.Now()
	// At start, an index built from these very files (its manifest: names,
	// sizes, times) is reused without reading or parsing the corpus.
	if !l.loaded {
		if ix := reopenIndex(l.indexDir, l.dirs, l.log); ix != nil {
			l.swapIn(ctx, ix, ix.Hash(), ix.Documents(), start)
			return nil
		}
	}
	var docs []corpus.Document
	var err error
	if len(l.dirs) > 0 {
		docs, err = corpus.LoadDirs(l.dirs, l.log)
	} else {
		docs, err = corpus.Default()
	}
	if err != nil {
		return err
	}
	hash := corpus.Hash(docs)
	if cur := l.live.current(); cur != nil && cur.hash == hash {
		l.log.Info("corpus unchanged; keeping the index", "documents", len(docs))
		l.setStatus(true, "unchanged")
		return nil
	}
	opt := index.Options{Logger: l.log, Consume: len(l.dirs) > 0}
	if !l.loaded && l.indexDir != "" {
		opt.Dir = l.indexDir
		if len(l.dirs) > 0 {
			if m, err := corpus.ScanDirs(l.dirs, true); err == nil {
				opt.Manifest = &m
			}
		}
	}
	ix, err := index.Open(ctx, docs, opt)
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	l.swapIn(ctx, ix, hash, len(docs), start)
	return nil
}

// suggestNow is the corpus size up to which the autocomplete suggestions
// are built before the index serves; a larger corpus serves at once and
// gets them in the background.
const suggestNow = 50000

// swapIn makes a bot over ix the current generation.
func (l *loader) swapIn(ctx context.Context, ix *index.Index, hash string, docs int, start time.Time) {
	b := bot.New(ix, l.log)
	g := &generation{
		bot:  b,
		hash: hash,
		docs: docs,
		release: func() {
			if err := ix.Close(); err != nil {
				l.log.Warn("closing a retired index", "err", err)
			}
		},
	}
	suggest := func() {
		t0 := time.Now()
		sugg, err := b.Suggest(ctx)
		if err != nil {
			l.log.Warn("no autocomplete suggestions for this corpus", "err", err)
			return
		}
		g.sugg.Store(sugg)
		l.log.Info("autocomplete suggestions ready", "suggestions", sugg.Len(), "took", time.Since(t0).Round(time.Millisecond))
	}
	// A large index learns the bounds its searches prune with, ahead of
	// the questions that would otherwise each pay for a common term's.
	warm := func() {
		t0 := time.Now()
		n, err := ix.WarmBounds(ctx)
		if err != nil {
			l.log.Warn("search bounds not learnt ahead; questions learn them", "err", err)
			return
		}
		if n > 0 {
			l.log.Info("search bounds ready", "bounds", n, "took", time.Since(t0).Round(time.Millisecond))
		}
	}
	if ix.Sentences() <= suggestNow {
		suggest()
	}
	l.live.swap(g)
	g.refs.Add(1) // the index stays open while they are built
	go func() {
		defer g.done()
		warm()
		if ix.Sentences() > suggestNow {
			suggest()
		}
	}()
	l.setStatus(l.loaded, fmt.Sprintf("loaded %d documents, %d sentences", docs, ix.Sentences()))
	l.loaded = true
	l.log.Info("corpus loaded", "documents", docs, "sentences", ix.Sentences(), "took", time.Since(start).Round(time.Millisecond))
}

// reload loads the corpus again; a failure keeps the current generation.
func (l *loader) reload(ctx context.Context, why string) {
	l.log.Info("reloading the corpus", "why", why)
	err := l.load(ctx)
	if err != nil && ctx.Err() != nil {
		l.log.Info("corpus reload stopped by shutdown")
		return
	}
	if err != nil {
		l.log.Error("corpus reload failed; still answering from the previous corpus", "err", err)
		l.setStatus(true, "failed, still answering from the previous corpus: "+err.Error())
	}
	if l.onReload != nil {
		l.onReload(err)
	}
}

// watch reloads the corpus on every value from hup (SIGHUP) and, debounced,
// after files under the corpus folders change, until ctx is done.
func (l *loader) watch(ctx context.Context, hup <-chan os.Signal, debounce time.Duration) error {
	if len(l.dirs) == 0 { // the embedded corpus does not change
		return l.loop(ctx, hup, nil, nil, debounce, nil)
	}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch corpus: %w", err)
	}
	defer w.Close()
	for _, dir := range l.dirs {
		if err := watchTree(w, dir); err != nil {
			return fmt.Errorf("watch corpus: %w", err)
		}
	}
	l.log.Debug("watching the corpus folders", "folders", l.dirs)
	newDirs := func(ev fsnotify.Event) {
		if !ev.Has(fsnotify.Create) {
			return
		}
		if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
			if err := watchTree(w, ev.Name); err != nil {
				l.log.Warn("watch corpus", "err", err)
			}
		}
	}
	return l.loop(ctx, hup, w.Events, w.Errors, debounce, newDirs)
}

func (l *loader) loop(ctx context.Context, hup <-chan os.Signal, events <-chan fsnotify.Event, errs <-chan error,
	debounce time.Duration, onEvent func(fsnotify.Event)) error {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	changed := ""
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-hup:
			timer.Stop()
			l.reload(ctx, "SIGHUP")
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			if ev.Op == fsnotify.Chmod {
				continue
			}
			if onEvent != nil {
				onEvent(ev)
			}
			changed = ev.Name
			timer.Reset(debounce)
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			l.log.Warn("watch corpus", "err", err)
		case <-timer.C:
			l.reload(ctx, "changed "+changed)
		}
	}
}

// watchTree adds dir and the folders under it (hidden ones skipped, as the
// corpus loader skips them) to w.
func watchTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		return w.Add(p)
	})
}
