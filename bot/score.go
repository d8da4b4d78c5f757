package bot

// Stage 4 of the pipeline: Score. One logistic model over the candidates'
// features; its weights live in weights.json, written by `mssmbot train`.

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
)

//go:embed weights.json
var defaultWeights []byte

// Weights is the fitted model as stored: a weight per feature name, and the
// score the best candidate must reach to be answered.
type Weights struct {
	// Threshold is the least score verify answers with.
	Threshold float64 `json:"threshold"`
	// Weights maps a feature name to its weight; absent features weigh 0.
	Weights map[string]float64 `json:"weights"`
	// Fitted says how and on what the weights were fitted.
	Fitted string `json:"fitted,omitempty"`
}

// Model scores candidates.
type Model struct {
	w         []float64
	threshold float64
	// usesTags: some weight is on a feature of the part-of-speech tags;
	// usesLex: some weight is on a lexical feature (a hashed slot).
	usesTags, usesLex bool
}

// newModel lays the stored weights out over the feature space.
func newModel(space *featureSpace, data []byte) (*Model, error) {
	var ws Weights
	if err := json.Unmarshal(data, &ws); err != nil {
		return nil, fmt.Errorf("bot: weights: %w", err)
	}
	return modelOf(space, ws), nil
}

func modelOf(space *featureSpace, ws Weights) *Model {
	m := &Model{w: make([]float64, space.size), threshold: ws.Threshold}
	for n, v := range ws.Weights {
		m.w[space.index(n)] += v
		if strings.Contains(n, "tag:") || strings.HasPrefix(n, "chunk_") || strings.Contains(n, "×chunk:") {
			m.usesTags = true
		}
	}
	for _, v := range m.w[space.lexAt:] {
		m.usesLex = m.usesLex || v != 0
	}
	return m
}

// logit is the model's unnormalized score of a feature vector.
func (m *Model) logit(fs []feat) float64 {
	z := 0.0
	for _, f := range fs {
		z += m.w[f.i] * f.v
	}
	return z
}

// rank scores each candidate: under a softmax over the logits (z) of all
// candidates and of abstaining (null), a candidate's score is its
// probability against abstaining's, p/(p+p_null) = sigmoid(z - z_null) —
// the figure verify holds against the threshold, which no other candidate
// moves.
func (m *Model) rank(cands []*Candidate, null []feat) {
	zNull := m.logit(null)
	for _, c := range cands {
		c.Score = sigmoid(c.z - zNull)
	}
}

// softmax normalizes zs in place into probabilities.
func softmax(zs []float64) []float64 {
	mx := math.Inf(-1)
	for _, z := range zs {
		mx = max(mx, z)
	}
	sum := 0.0
	for i, z := range zs {
		zs[i] = math.Exp(z - mx)
		sum += zs[i]
	}
	for i := range zs {
		zs[i] /= sum
	}
	return zs
}

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// weightsOf stores a model's non-zero weights by name.
func weightsOf(space *featureSpace, w []float64, threshold float64, fitted string) Weights {
	ws := Weights{Threshold: threshold, Weights: map[string]float64{}, Fitted: fitted}
	for i, v := range w {
		v = math.Round(v*1e5) / 1e5
		if n := space.name(i); v != 0 && n != "" {
			ws.Weights[n] = v
		}
	}
	return ws
}

// Encode writes the weights as JSON sorted by name, one a line, so that a refit diffs cleanly.
func (ws Weights) Encode() []byte {
	names := make([]string, 0, len(ws.Weights))
	for n := range ws.Weights {
		names = append(names, n)
	}
	sort.Strings(names)
	buf := []byte("{\n")
	add := func(k string, v any, comma bool) {
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(v)
		buf = append(buf, "  "...)
		buf = append(buf, kb...)
		buf = append(buf, ": "...)
		buf = append(buf, vb...)
		if comma {
			buf = append(buf, ',')
		}
		buf = append(buf, '\n')
	}
	add("fitted", ws.Fitted, true)
	add("threshold", ws.Threshold, true)
	buf = append(buf, "  \"weights\": {\n"...)
	for i, n := range names {
		kb, _ := json.Marshal(n)
		vb, _ := json.Marshal(ws.Weights[n])
		buf = append(buf, "    "...)
		buf = append(buf, kb...)
		buf = append(buf, ": "...)
		buf = append(buf, vb...)
		if i < len(names)-1 {
			buf = append(buf, ',')
		}
		buf = append(buf, '\n')
	}
	buf = append(buf, "  }\n}\n"...)
	return buf
}
