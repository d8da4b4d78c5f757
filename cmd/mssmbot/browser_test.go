package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"mssmbot/config"
)

// chrome finds headless Chromium, skipping the test without it — unless
// MSSMBOT_TEST_BROWSER=required (as .ci/run sets it), when it fails.
func chrome(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("MSSMBOT_TEST_BROWSER") == "required" {
		t.Fatal("no Chromium installed (apt-get install chromium)")
	}
	t.Skip("no Chromium installed (apt-get install chromium); MSSMBOT_TEST_BROWSER=required makes this fail")
	return ""
}

// browser returns a headless Chromium tab, closed when the test ends.
func browser(t *testing.T, path string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1100, 900))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	return ctx
}

// markupDoc is a text document whose sentence holds markup: the page must
// show it as text and run nothing.
const markupDoc = "Nadia Perrin wrote <script>window.pwned=1</script><b>closed</b> on the harbor notice board.\n"

// TestWebPageInBrowser drives headless Chromium against a real serve: a
// question typed and submitted is answered with its source, with JavaScript
// and without it; a document with markup shows escaped; the operator logs
// into /admin and finds the unanswered question. With MSSMBOT_SCREENSHOTS=DIR
// it saves screenshots of both pages there (the README's).
func TestWebPageInBrowser(t *testing.T) {
	path := chrome(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "kenya.md"), kenyaDoc(400))
	writeFile(t, filepath.Join(dir, "notice.txt"), markupDoc)
	const token = "test-admin-token-0123456789"
	cfg, err := config.Load(strings.NewReader("rate_limit: off\nlisten: 127.0.0.1:0\n"), []string{
		"MSSMBOT_CORPUS=" + dir, "MSSMBOT_ADMIN_TOKEN=" + token,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := startServe(t, cfg, serveOptions{})
	s.waitReady(t)
	shots := os.Getenv("MSSMBOT_SCREENSHOTS")

	ask := func(t *testing.T, ctx context.Context, q string) (answer, source, location string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("question"))); err != nil {
			t.Fatal(err)
		}
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".turn").length`))
		if err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.ID("question"), q),
			chromedp.Click(chromedp.CSS(`#ask button[type=submit]`)),
		); err != nil {
			t.Fatalf("asking %q: %v", q, err)
		}
		// Without JavaScript the form posts and the page reloads: poll
		// through the navigation.
		deadline := time.Now().Add(20 * time.Second)
		for {
			m, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".turn").length`))
			if err == nil && m > n {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no answer to %q (%v)", q, err)
			}
			time.Sleep(100 * time.Millisecond)
		}
		if answer, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.turn:last-of-type .direct`))); err != nil {
			t.Fatal(err)
		}
		source, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector(".turn:last-of-type figcaption") || {}).textContent || ""`))
		if location, err = chromedp.Run(ctx, chromedp.Location()); err != nil {
			t.Fatal(err)
		}
		return answer, source, location
	}
	screenshot := func(t *testing.T, ctx context.Context, name string) {
		if shots == "" {
			return
		}
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("with JavaScript, no reload", func(t *testing.T) {
		ctx := browser(t, path)
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/")); err != nil {
			t.Fatal(err)
		}
		answer, source, loc := ask(t, ctx, kenyaQuestion)
		if !strings.Contains(answer, "400") || !strings.Contains(source, "Kenya") || strings.Contains(loc, "?c=") {
			t.Errorf("answer %q, source %q at %s: want 400 from the Kenya document, without a reload", answer, source, loc)
		}
		// A follow-up in the same conversation.
		if answer, _, _ := ask(t, ctx, "and Chile?"); strings.Contains(answer, "400 police") {
			t.Errorf("follow-up \"and Chile?\" answered %q", answer)
		}
		screenshot(t, ctx, "web-page.png")
	})
	t.Run("without JavaScript, the form posts", func(t *testing.T) {
		ctx := browser(t, path)
		noJS := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		})
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), noJS, chromedp.Navigate(s.url+"/")); err != nil {
			t.Fatal(err)
		}
		answer, source, loc := ask(t, ctx, kenyaQuestion)
		if !strings.Contains(answer, "400") || !strings.Contains(source, "Kenya") || !strings.Contains(loc, "?c=") {
			t.Errorf("answer %q, source %q at %s: want 400 from the Kenya document, rendered by the server", answer, source, loc)
		}
	})
	t.Run("markup in a document shows as text", func(t *testing.T) {
		ctx := browser(t, path)
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/")); err != nil {
			t.Fatal(err)
		}
		answer, _, _ := ask(t, ctx, "What did Nadia Perrin write on the harbor notice board?")
		pwned, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.pwned === 1`))
		if err != nil {
			t.Fatal(err)
		}
		bolds, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(".turn b").length`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(answer, "<script>window.pwned=1</script>") || pwned || bolds != 0 {
			t.Errorf("answer %q (script ran: %v, <b> elements: %d): want the markup shown as text", answer, pwned, bolds)
		}
	})
	t.Run("the operator finds the unanswered question", func(t *testing.T) {
		ctx := browser(t, path)
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/")); err != nil {
			t.Fatal(err)
		}
		const q = "How many submarines does Atlantis have?"
		if answer, _, _ := ask(t, ctx, q); !strings.Contains(answer, "No direct answer") {
			t.Fatalf("the unanswerable question was answered: %q", answer)
		}
		if err := chromedp.Do(ctx,
			chromedp.Navigate(s.url+"/admin"),
			chromedp.WaitVisible(chromedp.ID("token")),
			chromedp.SendKeys(chromedp.ID("token"), token),
			chromedp.Submit(chromedp.ID("token")),
			chromedp.WaitVisible(chromedp.ID("unanswered")),
		); err != nil {
			t.Fatalf("admin: %v", err)
		}
		table, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("unanswered")))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(table, q) {
			t.Errorf("unanswered questions %q lack %q", table, q)
		}
		screenshot(t, ctx, "admin-page.png")
	})
}
