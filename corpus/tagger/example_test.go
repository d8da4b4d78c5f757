package tagger_test

import (
	"fmt"
	"strings"

	"mssmbot/corpus/tagger"
)

func Example() {
	t, err := tagger.Load()
	if err != nil {
		panic(err)
	}
	words := strings.Fields("The Apollo program landed in 1969 .")
	tags := t.Tag(words)
	fmt.Println(tags)
	for _, c := range tagger.Chunks(tags) {
		fmt.Println(c, strings.Join(words[c[0]:c[1]], " "))
	}
	// Output:
	// [DT NNP NN VBD IN CD .]
	// [0 3] The Apollo program
	// [5 6] 1969
}
