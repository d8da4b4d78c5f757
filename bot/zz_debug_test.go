package bot

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"mssmbot/corpus"
	"mssmbot/index"
)

func TestDebugQ(t *testing.T) {
	qs := os.Getenv("Q")
	if qs == "" {
		t.Skip()
	}
	var docs []corpus.Document
	if d := os.Getenv("C"); d != "" {
		docs, _ = corpus.LoadDirs([]string{d}, nil)
	} else {
		docs, _ = corpus.Default()
	}
	ix, err := index.Open(context.Background(), docs, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	b := New(ix, nil)
	for _, q := range strings.Split(qs, "|") {
		pq := parse(ix, normalize(q))
		fmt.Printf("Q %q intent=%s focus=%v(%s) plural=%v names=%v countries=%v\n", q, pq.intent, pq.focus, pq.focusWord, pq.plural, pq.names, pq.countries)
		for _, t := range pq.terms {
			fmt.Printf("  term %q stems=%v w=%.2f key=%v miss=%v country=%s person=%v\n", t.word, t.stems, t.weight, t.key, t.missing, t.country, t.person)
		}
		ev, _ := b.gather(context.Background(), pq, 30)
		for _, e := range ev[:min(5, len(ev))] {
			fmt.Printf("  %.2f keys=%v n=%d %s\n", e.coverage, e.keysOK, e.matched(), e.text()[:min(90, len(e.text()))])
		}
		a := b.Ask(context.Background(), q)
		fmt.Printf("  => %v %q short=%q\n", a.Answered, a.Text, a.Short)
	}
}
