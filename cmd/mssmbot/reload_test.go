package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mssmbot/bot"
)

// watching starts l.watch until the test ends, once it watches, and returns
// the SIGHUP channel and the reload results. logs is where l logs, at debug.
func watching(t *testing.T, l *loader, logs *syncBuffer, debounce time.Duration) (chan<- os.Signal, <-chan error) {
	t.Helper()
	hup := make(chan os.Signal, 1)
	reloads := make(chan error, 16)
	l.onReload = func(err error) { reloads <- err }
	if err := l.load(context.Background()); err != nil {
		t.Fatalf("first load: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := l.watch(ctx, hup, debounce); err != nil {
			t.Errorf("watch: %v", err)
		}
	})
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		l.live.close(context.Background())
	})
	eventually(t, "the watch to start", func() bool { return strings.Contains(logs.String(), "watching the corpus folders") })
	return hup, reloads
}

func nextReload(t *testing.T, reloads <-chan error) error {
	t.Helper()
	select {
	case err := <-reloads:
		return err
	case <-time.After(20 * time.Second):
		t.Fatal("no reload")
		return nil
	}
}

func TestWatchNewSubfolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "kenya.md"), kenyaDoc(400))
	var logs syncBuffer
	l := &loader{dirs: []string{dir}, log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), live: &liveBot{}}
	_, reloads := watching(t, l, &logs, 20*time.Millisecond)

	// A folder created after the start is watched too: a file written
	// into it later is noticed.
	sub := filepath.Join(dir, "2025")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := nextReload(t, reloads); err != nil {
		t.Fatalf("reload after mkdir: %v", err)
	}
	writeFile(t, filepath.Join(sub, "update.md"), "---\ntitle: Update\ndate: 2025-01-10\n---\nThe mission has a new base in Port-au-Prince.\n")
	eventually(t, "the new document to be loaded", func() bool {
		select {
		case err := <-reloads:
			if err != nil {
				t.Fatalf("reload: %v", err)
			}
		default:
		}
		g := l.live.acquire()
		defer g.done()
		return g.docs == 2
	})
	if !strings.Contains(logs.String(), "update.md") {
		t.Errorf("the reload does not say which file changed:\n%s", logs.String())
	}
}

func TestReloadKeepsOldIndexOnBadFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "kenya.md"), kenyaDoc(400))
	var logs syncBuffer
	l := &loader{dirs: []string{dir}, log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})), live: &liveBot{}}
	hup, reloads := watching(t, l, &logs, time.Hour) // only SIGHUP reloads
	before := l.live.current()

	writeFile(t, filepath.Join(dir, "bad.md"), "Kenya has deployed \xff officers.\n")
	hup <- os.Interrupt
	if err := nextReload(t, reloads); err == nil || !strings.Contains(err.Error(), "bad.md:1") {
		t.Fatalf("reload with a bad file: %v, want an error naming bad.md:1", err)
	}
	if l.live.current() != before {
		t.Error("a failed reload replaced the index")
	}
	if a := l.live.Answer(context.Background(), bot.Question{Text: kenyaQuestion}); !strings.Contains(a.Text, "400") {
		t.Errorf("after a failed reload: got %q, want the old answer (400)", a.Text)
	}
	if !strings.Contains(logs.String(), "still answering from the previous corpus") {
		t.Errorf("failed reload not logged:\n%s", logs.String())
	}

	// Unchanged corpus: nothing is rebuilt.
	os.Remove(filepath.Join(dir, "bad.md"))
	hup <- os.Interrupt
	if err := nextReload(t, reloads); err != nil {
		t.Fatalf("reload: %v", err)
	}
	if l.live.current() != before {
		t.Error("an unchanged corpus was re-indexed")
	}
}
