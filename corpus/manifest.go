package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Manifest lists a corpus's files with their sizes, modification times and
// contents' hashes: comparing sizes and times tells, without reading or
// parsing anything, that a corpus is unchanged (and the hashes, when only
// the times changed, say so after reading the files but parsing none).
type Manifest struct {
	Files []ManifestFile `json:"files"`
}

// ManifestFile is one corpus file.
type ManifestFile struct {
	Path    string `json:"path"` // as found under the folders given
	Size    int64  `json:"size"`
	ModTime int64  `json:"mtime_ns"`
	SHA256  string `json:"sha256,omitempty"`
}

// ScanDirs lists the corpus files under dirs as LoadDirs reads them (hidden
// files and folders skipped), with their sizes and times; with hashes set it
// also reads each file and records its SHA-256.
func ScanDirs(dirs []string, hashes bool) (Manifest, error) {
	var m Manifest
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if read, err := visit(p == dir, d); !read {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			f := ManifestFile{Path: p, Size: info.Size(), ModTime: info.ModTime().UnixNano()}
			if hashes {
				if f.SHA256, err = fileHash(p); err != nil {
					return err
				}
			}
			m.Files = append(m.Files, f)
			return nil
		})
		if err != nil {
			return Manifest{}, fmt.Errorf("corpus: scan %s: %w", dir, err)
		}
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Path < m.Files[j].Path })
	return m, nil
}

func fileHash(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Unchanged reports whether now lists the same files as m with the same
// sizes and times — or, where only a time differs, the same contents.
func (m Manifest) Unchanged(now Manifest) bool {
	if len(m.Files) != len(now.Files) || len(m.Files) == 0 {
		return false
	}
	for i, f := range m.Files {
		g := now.Files[i]
		if f.Path != g.Path || f.Size != g.Size {
			return false
		}
		if f.ModTime == g.ModTime {
			continue
		}
		if f.SHA256 == "" {
			return false
		}
		if h, err := fileHash(g.Path); err != nil || h != f.SHA256 {
			return false
		}
	}
	return true
}
