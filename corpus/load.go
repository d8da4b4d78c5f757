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
	"sync/atomic"
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
	files, err := Files(dirs)
	if err != nil {
		return nil, err
	}
	return parseAll(files, log)
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
	files, errs := scan(fsys, root, root, "")
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return parseAll(files, log)
}

// File is one corpus file a scan found, not yet read: Load reads it, so
// that a large corpus can be read a few files at a time.
type File struct {
	// ID is the document ID it gets; Display names it as the user knows it.
	ID, Display string
	fsys        fs.FS
	path        string
	folder      string // the folder given, as shown
}

// Load reads and parses the file; an error names it (and its line).
func (f File) Load() (Document, error) { return parseFile(f.fsys, f.path, f.Display, f.ID) }

// Files lists the corpus files under dirs as LoadDirs reads them, sorted by
// ID, without reading them. A missing folder, a path that is not a folder, a
// folder without corpus files and a file too large to read are errors naming
// them.
func Files(dirs []string) ([]File, error) {
	if len(dirs) == 0 {
		return nil, errors.New("corpus: no folder given")
	}
	prefixes := dirPrefixes(dirs)
	var files []File
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
		found, ferrs := scan(os.DirFS(dir), ".", dir, prefixes[i])
		files = append(files, found...)
		errs = append(errs, ferrs...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].ID < files[j].ID })
	return files, nil
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

// scan lists the corpus files under root in fsys, sorted by ID. shown is
// how the folder is named in errors; prefix starts every document ID.
func scan(fsys fs.FS, root, shown, prefix string) ([]File, []error) {
	var files []File
	var errs []error
	walkErr := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		display := displayPath(shown, root, p)
		if err != nil {
			errs = append(errs, &FileError{File: display, Err: unwrapPath(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if read, err := visit(p == root, d); !read {
			return err
		}
		if len(errs) >= maxErrors {
			return fs.SkipAll
		}
		if info, err := d.Info(); err == nil && info.Size() > maxFileSize {
			errs = append(errs, &FileError{File: display, Err: fmt.Errorf("file is too large (%d MB; at most %d MB)", info.Size()>>20, maxFileSize>>20)})
			return nil
		}
		id := prefix + strings.TrimPrefix(strings.TrimPrefix(p, root), "/")
		if root == "." {
			id = prefix + p
		}
		files = append(files, File{ID: id, Display: display, fsys: fsys, path: p, folder: shown})
		return nil
	})
	sort.Slice(files, func(i, j int) bool { return files[i].ID < files[j].ID })
	if walkErr != nil {
		errs = append(errs, &FileError{File: shown, Err: walkErr})
	}
	if len(files) == 0 && len(errs) == 0 {
		errs = append(errs, &FileError{File: shown, Err: errors.New("no .md, .txt, .html or .pdf files in this folder")})
	}
	return files, errs
}

// parseAll reads and parses files on every core, keeping their order; an
// empty file is skipped with a warning, and a folder whose files are all
// empty is an error.
func parseAll(files []File, log *slog.Logger) ([]Document, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	docs := make([]Document, len(files))
	errs := make([]error, len(files))
	var failed atomic.Int32
	next := make(chan int)
	var workers sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		workers.Go(func() {
			for k := range next {
				if failed.Load() >= maxErrors {
					continue
				}
				if docs[k], errs[k] = files[k].Load(); errs[k] != nil {
					failed.Add(1)
				}
			}
		})
	}
	for k := range files {
		next <- k
	}
	close(next)
	workers.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	kept := docs[:0]
	texts := map[string]int{} // folder -> documents with text
	skipped := map[string]int{}
	for k, d := range docs {
		if len(d.Sentences) == 0 {
			skipped[files[k].folder]++
			log.Warn("corpus: skipping a file with no text", "file", files[k].Display)
			continue
		}
		texts[files[k].folder]++
		kept = append(kept, d)
	}
	var empty []error
	for _, f := range files {
		if n := skipped[f.folder]; n > 0 && texts[f.folder] == 0 {
			empty = append(empty, &FileError{File: f.folder, Err: fmt.Errorf("no text: all %d corpus files are empty", n)})
			skipped[f.folder] = 0
		}
	}
	if len(empty) > 0 {
		return nil, errors.Join(empty...)
	}
	return kept, nil
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
