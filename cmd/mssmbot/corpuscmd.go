package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"mssmbot/corpus"
)

// Limits of `corpus add` fetching a page.
const (
	maxFetch     = 20 << 20
	fetchTimeout = 20 * time.Second
)

func (a *app) corpusCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "corpus",
		Short: "List, check and add the documents the bot answers from",
	}
	var dirs []string
	addDirs := func(cmd *cobra.Command) {
		cmd.Flags().StringArrayVar(&dirs, "corpus", nil, "the corpus folder `DIR` (repeatable; default: the embedded corpus)")
	}
	load := func() ([]corpus.Document, error) {
		if len(dirs) == 0 {
			return corpus.Default()
		}
		return corpus.LoadDirs(dirs, a.logger())
	}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--corpus DIR]... [--json]",
		Short: "Each document: file, title, date, format, units, warnings",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			docs, err := load()
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			for _, d := range docs {
				if asJSON {
					if err := writeJSONLine(a.stdout, docInfoOf(d)); err != nil {
						return err
					}
					continue
				}
				date := corpus.DateString(d.Date)
				if date == "" {
					date = "-"
				}
				fmt.Fprintf(a.stdout, "%s\t%s\t%s\t%s\t%d units\n", d.ID, d.Title, date, d.Format, len(d.Sentences))
				for _, w := range d.Warnings {
					fmt.Fprintf(a.stdout, "\twarning: %s\n", w)
				}
			}
			return nil
		},
	}
	addDirs(list)
	list.Flags().BoolVar(&asJSON, "json", false, "one JSON object a document")
	check := &cobra.Command{
		Use:   "check [--corpus DIR]...",
		Short: "Load every document; exit 2 naming the first bad file (and its line or page)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			docs, err := load()
			if err != nil {
				return &exitError{code: 2, err: firstError(err)}
			}
			units, warnings := 0, 0
			for _, d := range docs {
				units += len(d.Sentences)
				warnings += len(d.Warnings)
			}
			fmt.Fprintf(a.stdout, "ok: %d documents, %d units, %d warnings\n", len(docs), units, warnings)
			return nil
		},
	}
	addDirs(check)
	var into string
	add := &cobra.Command{
		Use:   "add FILE|URL --corpus DIR",
		Short: "Copy a file, or fetch a page over HTTP(S), into the corpus folder (a running serve picks it up)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if into == "" {
				return &exitError{code: 2, err: errors.New("corpus add: --corpus DIR is required")}
			}
			name, err := a.addDocument(cmd.Context(), args[0], into)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			fmt.Fprintf(a.stdout, "added %s\n", name)
			return nil
		},
	}
	add.Flags().StringVar(&into, "corpus", "", "the corpus folder `DIR` to add to")
	root.AddCommand(list, check, add)
	return root
}

// docInfo is `corpus list --json`'s line for one document.
type docInfo struct {
	File     string   `json:"file"`
	Title    string   `json:"title"`
	Date     string   `json:"date"`
	Format   string   `json:"format"`
	Units    int      `json:"units"`
	Warnings []string `json:"warnings"`
}

func docInfoOf(d corpus.Document) docInfo {
	w := d.Warnings
	if w == nil {
		w = []string{}
	}
	return docInfo{File: d.ID, Title: d.Title, Date: corpus.DateString(d.Date), Format: d.Format, Units: len(d.Sentences), Warnings: w}
}

// firstError is the first of a joined error's errors.
func firstError(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if errs := j.Unwrap(); len(errs) > 0 {
			return firstError(errs[0])
		}
	}
	return err
}

// addDocument copies src (a file, or an http(s) URL it fetches) into dir,
// after checking it reads as a document; it returns the new file's name.
func (a *app) addDocument(ctx context.Context, src, dir string) (string, error) {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return "", fmt.Errorf("corpus add: %s is not a folder", dir)
	}
	var data []byte
	var name string
	if u, err := url.Parse(src); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		data, name, err = fetch(ctx, u)
		if err != nil {
			return "", err
		}
		switch ext := path.Ext(name); {
		case ext == ".html":
			// A page is kept as markdown with front matter from the page:
			// its title, its date, and where it came from.
			if data, err = pageAsMarkdown(name, data, u.Redacted()); err != nil {
				return "", err
			}
			name = strings.TrimSuffix(name, ext) + ".md"
		case (ext == ".md" || ext == ".txt") && !strings.HasPrefix(string(data), "---\n"):
			// A fetched text file says where it came from.
			data = append([]byte("---\nsource: "+jsonString(u.Redacted())+"\n---\n"), data...)
		}
	} else {
		data, err = os.ReadFile(src)
		if err != nil {
			return "", fmt.Errorf("corpus add: %w", err)
		}
		name = filepath.Base(src)
	}
	if !corpus.IsCorpusFile(name) {
		return "", fmt.Errorf("corpus add: %s: not a .md, .txt, .html or .pdf file", name)
	}
	doc, err := corpus.Parse(name, data)
	if err != nil {
		return "", fmt.Errorf("corpus add: %w", err)
	}
	if len(doc.Sentences) == 0 {
		return "", fmt.Errorf("corpus add: %s has no text", name)
	}
	dst := filepath.Join(dir, name)
	if _, err := os.Stat(dst); err == nil {
		return "", fmt.Errorf("corpus add: %s already exists", dst)
	}
	// Written aside and renamed, so that a watching serve never reads half a file.
	tmp, err := os.CreateTemp(dir, ".add-*")
	if err != nil {
		return "", fmt.Errorf("corpus add: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", fmt.Errorf("corpus add: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", fmt.Errorf("corpus add: %w", err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", fmt.Errorf("corpus add: %w", err)
	}
	return dst, nil
}

var blockStart = regexp.MustCompile(`^\d+[.)]`)

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fetch gets a page with a timeout, a size limit and a content-type check;
// the file name comes from the URL's path and the content type.
func fetch(ctx context.Context, u *url.URL) ([]byte, string, error) {
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", fmt.Errorf("corpus add: %w", err)
	}
	req.Header.Set("User-Agent", "mssmbot corpus add")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("corpus add: fetch %s: %w", u.Redacted(), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("corpus add: fetch %s: %s", u.Redacted(), resp.Status)
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	ext := map[string]string{"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
		"text/markdown": ".md", "text/plain": ".txt"}[mt]
	if ext == "" {
		return nil, "", fmt.Errorf("corpus add: fetch %s: content type %q is not HTML, PDF, markdown or text", u.Redacted(), mt)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxFetch+1))
	if err != nil {
		return nil, "", fmt.Errorf("corpus add: fetch %s: %w", u.Redacted(), err)
	}
	if len(data) > maxFetch {
		return nil, "", fmt.Errorf("corpus add: fetch %s: larger than %d MB", u.Redacted(), maxFetch>>20)
	}
	base := strings.TrimSuffix(path.Base(u.Path), path.Ext(u.Path))
	base = strings.Trim(unsafeName.ReplaceAllString(base, "-"), "-.")
	if base == "" {
		base = strings.Trim(unsafeName.ReplaceAllString(u.Hostname(), "-"), "-.")
	}
	return data, base + ext, nil
}

// pageAsMarkdown renders an HTML page's main text as markdown with front
// matter: headings as headings, each unit (a paragraph's sentence, a list
// item, a table row) a paragraph.
func pageAsMarkdown(name string, page []byte, source string) ([]byte, error) {
	doc, err := corpus.Parse(name, page)
	if err != nil {
		return nil, fmt.Errorf("corpus add: %w", err)
	}
	var b strings.Builder
	b.WriteString("---\ntitle: " + jsonString(doc.Title) + "\n")
	if d := corpus.DateString(doc.Date); d != "" {
		b.WriteString("date: " + d + "\n")
	}
	b.WriteString("source: " + jsonString(source) + "\n---\n")
	for _, s := range doc.Sentences {
		text := strings.NewReplacer("\\", "\\\\", "*", "\\*", "_", "\\_", "`", "\\`", "<", "&lt;", "[", "\\[", "|", "\\|").Replace(s.Text)
		// A line that would open a list, a heading or a quote stays text.
		if strings.ContainsAny(text[:1], "-+#>=") || blockStart.MatchString(text) {
			text = "\\" + text
		}
		if s.Heading {
			level := strings.Count(s.Section, " › ") + 2
			if s.Section == "" {
				level = 1
			}
			b.WriteString("\n" + strings.Repeat("#", level) + " " + text + "\n")
			continue
		}
		b.WriteString("\n" + text + "\n")
	}
	return []byte(b.String()), nil
}

// jsonString is s as a JSON string (for front matter values).
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
