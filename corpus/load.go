package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// maxFileSize bounds one corpus file, so a stray large file is reported
// rather than read into memory.
const maxFileSize = 256 << 20

// maxErrors is how many file errors one load reports before it stops.
const maxErrors = 10

// Default returns the embedded default corpus.
func Default() ([]Document, error) {
	return LoadFS(defaultFS, "default", nil)
}

// LoadDirs loads every .md and .txt file under each folder, recursively
// (hidden files and folders are skipped). Document IDs are paths relative to
// their folder; with several folders each ID starts with its folder's name,
// so they stay unique. Documents are sorted by ID.
//
// Any bad input — a missing folder, a path that is not a folder, a folder
// without .md or .txt files, a file that cannot be read or parsed — is an
// error naming the folder or file (and line), and no documents are returned.
// Empty files are skipped with a warning on log (nil: no logging).
func LoadDirs(dirs []string, log *slog.Logger) ([]Document, error) {
	if len(dirs) == 0 {
		return nil, errors.New("corpus: no folder given")
	}
	prefixes := dirPrefixes(dirs)
	var docs []Document
	var errs []error
	for i, dir := range dirs {
		if prefixes[i] == skipDir {
			continue
		}
		info, err := os.Stat(dir)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errs = append(errs, &FileError{File: dir, Err: errors.New("no such folder")})
			continue
		case err != nil:
			errs = append(errs, &FileError{File: dir, Err: err})
			continue
		case !info.IsDir():
			errs = append(errs, &FileError{File: dir, Err: errors.New("not a folder (give the folder that holds the .md/.txt files)")})
			continue
		}
		loaded, err := load(os.DirFS(dir), ".", dir, prefixes[i], log)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		docs = append(docs, loaded...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	return docs, nil
}

// LoadFS loads every .md and .txt file under root in fsys, as LoadDirs does
// for one folder; document IDs are relative to root.
func LoadFS(fsys fs.FS, root string, log *slog.Logger) ([]Document, error) {
	root = path.Clean(root)
	info, err := fs.Stat(fsys, root)
	if err != nil {
		return nil, &FileError{File: root, Err: errors.New("no such folder")}
	}
	if !info.IsDir() {
		return nil, &FileError{File: root, Err: errors.New("not a folder")}
	}
	return load(fsys, root, root, "", log)
}

// skipDir marks a folder given twice.
const skipDir = "\x00"

// dirPrefixes gives each folder the prefix of its document IDs: none for a
// single folder, else its base name, numbered when two share one. A folder
// given twice is loaded once.
func dirPrefixes(dirs []string) []string {
	out := make([]string, len(dirs))
	if len(dirs) == 1 {
		return out
	}
	seenDir := map[string]bool{}
	used := map[string]bool{}
	for i, dir := range dirs {
		clean := filepath.Clean(dir)
		if abs, err := filepath.Abs(clean); err == nil {
			clean = abs
		}
		if seenDir[clean] {
			out[i] = skipDir
			continue
		}
		seenDir[clean] = true
		base := filepath.Base(clean)
		if base == string(filepath.Separator) || base == "." || base == "" {
			base = "corpus"
		}
		p := base
		for n := 2; used[p]; n++ {
			p = fmt.Sprintf("%s-%d", base, n)
		}
		used[p] = true
		out[i] = p + "/"
	}
	return out
}

// load reads the corpus files under root in fsys. shown is how the folder is
// named in errors; prefix starts every document ID.
func load(fsys fs.FS, root, shown, prefix string, log *slog.Logger) ([]Document, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var (
		docs    []Document
		errs    []error
		mu      sync.Mutex // guards docs, errs and skipped for the parsers
		skipped int
		files   int
	)
	type job struct{ p, display, id string }
	jobs := make(chan job, 64)
	var workers sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		workers.Go(func() {
			for j := range jobs {
				doc, err := parseFile(fsys, j.p, j.display, j.id)
				mu.Lock()
				switch {
				case err != nil:
					errs = append(errs, err)
				case len(doc.Sentences) == 0:
					skipped++
					log.Warn("corpus: skipping a file with no text", "file", j.display)
				default:
					docs = append(docs, doc)
				}
				mu.Unlock()
			}
		})
	}
	nErrs := func() int { mu.Lock(); defer mu.Unlock(); return len(errs) }
	walkErr := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		display := displayPath(shown, root, p)
		if err != nil {
			mu.Lock()
			errs = append(errs, &FileError{File: display, Err: unwrapPath(err)})
			mu.Unlock()
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if read, err := visit(p == root, d); !read {
			return err
		}
		files++
		if nErrs() >= maxErrors {
			return fs.SkipAll
		}
		if info, err := d.Info(); err == nil && info.Size() > maxFileSize {
			mu.Lock()
			errs = append(errs, &FileError{File: display, Err: fmt.Errorf("file is too large (%d MB; at most %d MB)", info.Size()>>20, maxFileSize>>20)})
			mu.Unlock()
			return nil
		}
		id := prefix + strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		if root == "." {
			id = prefix + p
		}
		jobs <- job{p: p, display: display, id: id}
		return nil
	})
	close(jobs)
	workers.Wait()
	// Parsed on every core; the order is the files' whatever the timing.
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	sort.SliceStable(errs, func(i, j int) bool { return errFile(errs[i]) < errFile(errs[j]) })
	if walkErr != nil {
		errs = append(errs, &FileError{File: shown, Err: walkErr})
	}
	switch {
	case len(errs) > 0:
		return nil, errors.Join(errs...)
	case files == 0:
		return nil, &FileError{File: shown, Err: errors.New("no .md, .txt, .html or .pdf files in this folder")}
	case len(docs) == 0:
		return nil, &FileError{File: shown, Err: fmt.Errorf("no text: all %d corpus files are empty", skipped)}
	}
	return docs, nil
}

// parseFile reads and parses one corpus file; an error names it as the
// user knows it (display).
func parseFile(fsys fs.FS, p, display, id string) (Document, error) {
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return Document{}, &FileError{File: display, Err: unwrapPath(err)}
	}
	doc, err := Parse(id, data)
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) {
			fe.File = display
		}
		return Document{}, err
	}
	return doc, nil
}

// errFile is the file an error names, for ordering ("" when none).
func errFile(err error) string {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe.File
	}
	return ""
}

// visit says what a walk of a corpus folder does with an entry: hidden
// files and folders are left out (a hidden folder whole: fs.SkipDir), and
// only corpus files are read.
func visit(isRoot bool, d fs.DirEntry) (read bool, err error) {
	if !isRoot && strings.HasPrefix(d.Name(), ".") {
		if d.IsDir() {
			return false, fs.SkipDir
		}
		return false, nil
	}
	return !d.IsDir() && IsCorpusFile(d.Name()), nil
}

// IsCorpusFile reports a file name the corpus reads: .md, .markdown, .txt, .pdf, .html or .htm (any case).
func IsCorpusFile(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".md", ".markdown", ".txt", ".pdf", ".html", ".htm":
		return true
	}
	return false
}

// displayPath names file p (a path in the walked fs) as the user knows it.
func displayPath(shown, root, p string) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
	if root == "." {
		rel = p
	}
	if rel == "." || rel == "" {
		return shown
	}
	return filepath.Join(shown, filepath.FromSlash(rel))
}

// unwrapPath drops the path from an fs.PathError, which FileError already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
