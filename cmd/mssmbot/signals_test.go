package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBinarySignals builds mssmbot and runs `serve` as a subprocess: SIGHUP
// reloads the corpus, SIGTERM stops it with exit status 0.
func TestBinarySignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "mssmbot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "kenya.md"), kenyaDoc(400))
	cmd := exec.Command(bin, "serve", "--listen", "127.0.0.1:0", "--corpus", dir, "--log-format", "json")
	cmd.Env = append(os.Environ(), "DISCORD_TOKEN=", "DISCORD_PUBLIC_KEY=", "SLACK_APP_TOKEN=", "SLACK_BOT_TOKEN=",
		"SLACK_SIGNING_SECRET=", "MSSMBOT_CORPUS=", "MSSMBOT_INDEX=", "MSSMBOT_RATE_LIMIT=off", "MSSMBOT_SHUTDOWN_GRACE=1500ms")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	// Read the JSON log lines as they come.
	lines := make(chan map[string]any, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var l map[string]any
			if json.Unmarshal(sc.Bytes(), &l) == nil {
				lines <- l
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	waitLog := func(what string, match func(map[string]any) bool) map[string]any {
		t.Helper()
		deadline := time.After(30 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("serve exited before logging %s", what)
				}
				if match(l) {
					return l
				}
			case <-deadline:
				t.Fatalf("timed out waiting for the log of %s", what)
			}
		}
	}
	msg := func(m string) func(map[string]any) bool {
		return func(l map[string]any) bool { return l["msg"] == m }
	}

	addr, _ := waitLog("listening", msg("listening"))["addr"].(string)
	base := "http://" + addr
	waitLog("the corpus loaded", msg("corpus loaded"))
	if a := ask(t, base, kenyaQuestion); !strings.Contains(a.Text, "400") {
		t.Fatalf("/v1/ask: got %q, want 400", a.Text)
	}

	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if l := waitLog("the SIGHUP reload", msg("reloading the corpus")); l["why"] != "SIGHUP" {
		t.Errorf("reload logged as %v, want SIGHUP", l["why"])
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// For the grace period /readyz says not ready while the listener still serves.
	waitLog("the grace period", msg("shutting down: not ready, still serving for the grace period"))
	if code, body := get(t, base+"/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "shutting down") {
		t.Errorf("/readyz in the grace period: %d %q, want 503", code, body)
	}
	if code, _ := get(t, base+"/healthz"); code != http.StatusOK {
		t.Errorf("/healthz in the grace period: %d, want 200 (still serving)", code)
	}
	waitLog("the clean stop", msg("stopped"))
	for range lines {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve after SIGTERM: %v, want exit status 0", err)
	}
}
