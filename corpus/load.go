package corpus

import (
	"io/fs"
	"log/slog"
	"strings"
	"time"
)

// Default returns the embedded default corpus.
// STUB: replaced by the full loader.
func Default() ([]Document, error) {
	return LoadFS(defaultFS, "default", nil)
}

// LoadDirs loads every .md and .txt file under each folder.
// STUB: replaced by the full loader.
func LoadDirs(dirs []string, log *slog.Logger) ([]Document, error) {
	return nil, nil
}

// LoadFS loads every .md/.txt file under root in fsys.
// STUB: replaced by the full loader.
func LoadFS(fsys fs.FS, root string, log *slog.Logger) ([]Document, error) {
	var docs []Document
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		text := string(b)
		doc := Document{ID: strings.TrimPrefix(p, root+"/")}
		if strings.HasPrefix(text, "---\n") {
			end := strings.Index(text[4:], "\n---\n")
			for _, l := range strings.Split(text[4:4+end], "\n") {
				k, v, _ := strings.Cut(l, ":")
				v = strings.TrimSpace(v)
				switch k {
				case "title":
					doc.Title = v
				case "date":
					doc.Date, _ = time.Parse("2006-01-02", v)
				case "source":
					doc.Source = v
				}
			}
			text = text[4+end+5:]
		}
		doc.Body = text
		for i, l := range strings.Split(strings.TrimSpace(text), "\n") {
			doc.Sentences = append(doc.Sentences, Sentence{Doc: doc.ID, Title: doc.Title, Date: doc.Date, Pos: i, Text: l})
		}
		docs = append(docs, doc)
		return nil
	})
	return docs, err
}
