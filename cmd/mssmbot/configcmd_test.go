package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runCLI runs the command line as main does and returns its exit status and
// output streams.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// clearEnv unsets the variables serve reads, for the length of the test.
func clearEnv(t *testing.T) {
	for _, k := range []string{"DISCORD_TOKEN", "DISCORD_PUBLIC_KEY", "DISCORD_GUILD_ID", "DISCORD_SHARD_ID", "DISCORD_SHARD_COUNT",
		"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "MSSMBOT_LISTEN", "MSSMBOT_CORPUS",
		"MSSMBOT_INDEX", "MSSMBOT_LOG_LEVEL", "MSSMBOT_LOG_FORMAT", "MSSMBOT_RATE_LIMIT"} {
		t.Setenv(k, "")
	}
}

func TestConfigCheck(t *testing.T) {
	file := filepath.Join(t.TempDir(), "mssmbot.yml")
	writeFile(t, file, "listen: 0.0.0.0:9000\nslack:\n  bot_token: xoxb-1-FILEs3cr3t\n")
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantCode int
		stdout   []string // each must appear
		stderr   []string
	}{
		{
			name: "defaults", wantCode: 0,
			stdout: []string{"listen: 127.0.0.1:8080", "rate_limit: 5/10s", "no chat platform", "# configuration OK"},
		},
		{
			name: "file, env and flag, secrets redacted",
			env:  map[string]string{"SLACK_APP_TOKEN": "xapp-1-ENVs3cr3t", "DISCORD_TOKEN": "MTIz.ENVs3cr3t.x"},
			args: []string{"--config", file, "--log-format", "json"},
			stdout: []string{"listen: 0.0.0.0:9000", "format: json", "bot_token: '[redacted]'", "app_token: '[redacted]'",
				"Slack Socket Mode", "Discord gateway", "# configuration OK"},
		},
		{
			name:     "swapped slack tokens",
			env:      map[string]string{"SLACK_APP_TOKEN": "xoxb-1-ENVs3cr3t", "SLACK_BOT_TOKEN": "xapp-1-ENVs3cr3t"},
			wantCode: 2,
			stdout:   []string{"app_token: '[redacted]'"},
			stderr:   []string{"invalid configuration", "look swapped"},
		},
		{
			name:     "unknown key in the file",
			args:     []string{"--config", writeTemp(t, "listen: 127.0.0.1:1\ndiscord:\n  tokn: x\n")},
			wantCode: 2,
			stderr:   []string{`line 3: unknown key "discord.tokn"`},
		},
		{
			name:     "missing file",
			args:     []string{"--config", filepath.Join(t.TempDir(), "nope.yml")},
			wantCode: 2,
			stderr:   []string{"nope.yml"},
		},
		{
			name:     "unreadable corpus",
			args:     []string{"--corpus", filepath.Join(t.TempDir(), "missing")},
			wantCode: 2,
			stderr:   []string{"corpus (MSSMBOT_CORPUS): cannot read corpus folder"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			code, stdout, stderr := runCLI(t, append([]string{"config", "check"}, tt.args...)...)
			if code != tt.wantCode {
				t.Errorf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, stdout, stderr)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			for _, want := range tt.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if strings.Contains(stdout+stderr, "s3cr3t") {
				t.Errorf("a secret was printed:\n%s\n%s", stdout, stderr)
			}
		})
	}
}

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "config.yml")
	writeFile(t, f, content)
	return f
}

func TestServeRefusesInvalidConfig(t *testing.T) {
	clearEnv(t)
	t.Setenv("DISCORD_PUBLIC_KEY", "not-a-key")
	t.Setenv("MSSMBOT_LISTEN", "127.0.0.1:0")
	code, _, stderr := runCLI(t, "serve")
	if code != 2 || !strings.Contains(stderr, "DISCORD_PUBLIC_KEY") || !strings.Contains(stderr, "64 hex") {
		t.Errorf("serve with a bad public key: exit %d, stderr:\n%s", code, stderr)
	}
	if strings.Contains(stderr, "listening") {
		t.Errorf("serve started listening before validating:\n%s", stderr)
	}
}

func TestIndexBuild(t *testing.T) {
	clearEnv(t)
	corpusDir, indexDir := t.TempDir(), filepath.Join(t.TempDir(), "index")
	writeFile(t, filepath.Join(corpusDir, "kenya.md"), kenyaDoc(400))

	if code, _, stderr := runCLI(t, "index", "build", "--corpus", corpusDir); code != 2 || !strings.Contains(stderr, "--index") {
		t.Errorf("index build without --index: exit %d, stderr:\n%s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "index", "build", "--index", indexDir, "--corpus", corpusDir)
	if code != 0 || !strings.Contains(stdout, "indexed 1 documents") || !strings.Contains(stdout, indexDir) {
		t.Fatalf("index build: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if entries, err := os.ReadDir(indexDir); err != nil || len(entries) == 0 {
		t.Errorf("index folder %s is empty (%v)", indexDir, err)
	}
	// --shards rebuilds it split in two, which serve reuses as it is.
	if code, _, stderr := runCLI(t, "index", "build", "--index", indexDir, "--corpus", corpusDir, "--shards", "2"); code != 0 {
		t.Fatalf("index build --shards 2: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(indexDir, "bleve-1")); err != nil {
		t.Errorf("no second shard: %v", err)
	}
	if code, stdout, stderr := runCLI(t, "ask", "--index", indexDir, "--corpus", corpusDir, "--json", "How many officers did Kenya deploy?"); code != 0 || !strings.Contains(stdout, "400") {
		t.Errorf("ask over the sharded index: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if _, err := os.Stat(filepath.Join(indexDir, "bleve-1")); err != nil {
		t.Errorf("ask rebuilt the sharded index instead of reusing it: %v", err)
	}
	writeFile(t, filepath.Join(corpusDir, "bad.md"), "---\ntitle: never closed\n")
	if code, _, stderr := runCLI(t, "index", "build", "--index", indexDir, "--corpus", corpusDir); code != 2 || !strings.Contains(stderr, "bad.md") {
		t.Errorf("index build with a bad file: exit %d, stderr:\n%s", code, stderr)
	}
}

func TestServeRefusesBadCorpus(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "bad.md"), "---\ntitle: never closed\n")
	code, _, stderr := runCLI(t, "serve", "--listen", "127.0.0.1:0", "--corpus", dir)
	if code != 2 || !strings.Contains(stderr, "bad.md:1") {
		t.Errorf("serve with a bad corpus file: exit %d, stderr:\n%s", code, stderr)
	}
}

// TestAskReopensIndexByManifest: ask --index reuses an index built from the
// same files (names, sizes, times) without reading them — so a file edited
// behind its back, keeping its size and time, still answers from the index —
// and reads the corpus again once a file's time changes.
func TestAskReopensIndexByManifest(t *testing.T) {
	clearEnv(t)
	corpusDir, indexDir := t.TempDir(), filepath.Join(t.TempDir(), "index")
	doc := filepath.Join(corpusDir, "kenya.md")
	writeFile(t, doc, kenyaDoc(400))
	if code, _, stderr := runCLI(t, "index", "build", "--index", indexDir, "--corpus", corpusDir); code != 0 {
		t.Fatalf("index build: exit %d\n%s", code, stderr)
	}
	info, err := os.Stat(doc)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, doc, kenyaDoc(500)) // the same size
	if err := os.Chtimes(doc, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	ask := func() string {
		t.Helper()
		code, stdout, stderr := runCLI(t, "ask", "--index", indexDir, "--corpus", corpusDir, "How many officers did Kenya deploy?")
		if code != 0 {
			t.Fatalf("ask: exit %d\n%s", code, stderr)
		}
		return stdout
	}
	if out := ask(); !strings.Contains(out, "400") {
		t.Errorf("with the manifest unchanged, ask read the corpus again:\n%s", out)
	}
	later := info.ModTime().Add(time.Minute)
	if err := os.Chtimes(doc, later, later); err != nil {
		t.Fatal(err)
	}
	if out := ask(); !strings.Contains(out, "500") {
		t.Errorf("with a file's time changed, ask kept the old index:\n%s", out)
	}
}
