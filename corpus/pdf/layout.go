package pdf

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// Layout thresholds, as fractions of the font size.
const (
	// wordGap is the smallest gap between two glyphs that separates
	// words. Kerning rarely opens a gap of 0.1 em; the narrowest word
	// spaces (justified Times, TeX's shrunk spaces) stay above 0.18 em.
	wordGap = 0.12
	// segmentGap splits a line into separate pieces (left and right
	// parts of a running header, table cells) for header detection.
	segmentGap = 2.0
	// baselineTol is how far from a line's baseline a glyph may sit and
	// still belong to it (superscripts, subscripts).
	baselineTol = 0.5
	// sameBaseline is how close two runs of glyphs must be to share a
	// line.
	sameBaseline = 0.25
	// runGap is the widest forward jump within one run of glyphs.
	runGap = 3.0
	// columnGap is the narrowest empty vertical strip that separates
	// columns of text.
	columnGap = 0.8
	// columnWidth is the narrowest a column must be.
	columnWidth = 4.0
	// indentMin is how much further right than the line above a line
	// must start to begin a paragraph.
	indentMin = 0.8
	// paraGap is how much larger than the usual line spacing a vertical
	// gap must be to end a paragraph.
	paraGap = 1.2
)

// word is a run of glyphs on one line with no word gap inside.
type word struct {
	text   string
	x0, x1 float64
	y      float64 // baseline
	size   float64
	line   *line
	first  bool // scratch mark for readingOrder
}

// line is the words that share a baseline, left to right.
type line struct {
	y, size float64
	words   []*word
}

func (l *line) text() string { return joinWords(l.words) }

func joinWords(ws []*word) string {
	var b strings.Builder
	for i, w := range ws {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.text)
	}
	return b.String()
}

// segments splits a line where its words are far apart.
func (l *line) segments() [][]*word {
	var out [][]*word
	start := 0
	for i := 1; i <= len(l.words); i++ {
		if i == len(l.words) || l.words[i].x0-l.words[i-1].x1 > segmentGap*math.Max(l.words[i].size, l.words[i-1].size) {
			out = append(out, l.words[start:i])
			start = i
		}
	}
	return out
}

// buildLines groups a page's glyphs into lines of words, top to bottom.
//
// Glyphs are first gathered into runs in the order the page draws them,
// a run going on while the glyphs move forward along one baseline (a
// superscript or subscript stays in the run of its line). Runs whose
// baselines match then make one line. So the lines of two columns stay
// apart even when their baselines are close, and a raised footnote mark
// belongs to the line it was set in.
func buildLines(gs []glyph) []*line {
	gs = orient(gs)
	if len(gs) == 0 {
		return nil
	}
	type run struct {
		base, size float64
		gs         []glyph
	}
	var runs []*run
	var cur *run
	for _, g := range gs {
		if cur != nil {
			last := cur.gs[len(cur.gs)-1]
			size := math.Max(g.size, cur.size)
			if abs(g.y-cur.base) <= baselineTol*size &&
				g.x >= last.x-0.5*size && g.x <= last.x+last.w+runGap*size {
				cur.gs = append(cur.gs, g)
				if g.size > cur.size*1.05 && !isSpace(g.s) {
					cur.base, cur.size = g.y, g.size
				}
				continue
			}
		}
		cur = &run{base: g.y, size: g.size, gs: []glyph{g}}
		runs = append(runs, cur)
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].base > runs[j].base })
	var lines []*line
	var cluster []glyph
	var base, size float64
	flush := func() {
		if l := makeLine(cluster); l != nil {
			lines = append(lines, l)
		}
		cluster = nil
	}
	for _, r := range runs {
		if cluster != nil && abs(r.base-base) <= sameBaseline*math.Max(r.size, size) {
			cluster = append(cluster, r.gs...)
			continue
		}
		if cluster != nil {
			flush()
		}
		cluster = append([]glyph(nil), r.gs...)
		base, size = r.base, r.size
	}
	flush()
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].y > lines[j].y })
	return lines
}

// orient keeps the glyphs that run in the page's main text direction
// and turns the page so that direction runs left to right.
func orient(gs []glyph) []glyph {
	var count [4]int
	for _, g := range gs {
		count[quadrant(g)]++
	}
	best := 0
	for q := range count {
		if count[q] > count[best] {
			best = q
		}
	}
	cos, sin := [4]float64{1, 0, -1, 0}[best], [4]float64{0, 1, 0, -1}[best]
	out := gs[:0]
	for _, g := range gs {
		if g.dx*cos+g.dy*sin < 0.98 || g.size < 0.5 {
			continue // rotated text (margin notes, stamps) or invisible
		}
		g.x, g.y = g.x*cos+g.y*sin, -g.x*sin+g.y*cos
		out = append(out, g)
	}
	return out
}

func quadrant(g glyph) int {
	a := math.Atan2(g.dy, g.dx)
	q := int(math.Round(a / (math.Pi / 2)))
	return (q%4 + 4) % 4
}

func isSpace(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && r != '\u00a0' && r != '\u200b' {
			return false
		}
	}
	return true
}

// makeLine turns one baseline's glyphs into words.
func makeLine(gs []glyph) *line {
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].x < gs[j].x })
	l := &line{}
	var cur *word
	var b strings.Builder
	var prev glyph
	space := false
	flush := func() {
		if cur != nil {
			cur.text = b.String()
			b.Reset()
			l.words = append(l.words, cur)
			cur = nil
		}
	}
	var sizes []float64
	for i, g := range gs {
		if isSpace(g.s) {
			space = true
			continue
		}
		if !printable(g.s) {
			continue
		}
		if cur != nil {
			if g.s == prev.s && abs(g.x-prev.x) < 0.15*g.size && abs(g.y-prev.y) < 0.15*g.size {
				continue // the same glyph drawn twice (fake bold, shadow)
			}
			gap := g.x - (prev.x + prev.w)
			if space || gap > wordGap*math.Max(g.size, prev.size) {
				flush()
			}
		}
		if cur == nil {
			cur = &word{x0: g.x, y: g.y, size: g.size, line: l}
		}
		if g.size > cur.size*1.05 {
			cur.y = g.y // the baseline of the word's main glyphs, not of a superscript
		}
		b.WriteString(g.s)
		cur.x1 = math.Max(cur.x1, g.x+g.w)
		cur.size = math.Max(cur.size, g.size)
		sizes = append(sizes, g.size)
		prev = gs[i]
		space = false
	}
	flush()
	if len(l.words) == 0 {
		return nil
	}
	l.size = mode(sizes)
	// The baseline is the one of the glyphs of the line's main size.
	var ys []float64
	for _, g := range gs {
		if abs(g.size-l.size) < 0.05*l.size && !isSpace(g.s) {
			ys = append(ys, g.y)
		}
	}
	l.y = median(ys)
	return l
}

func printable(s string) bool {
	for _, r := range s {
		if unicode.IsPrint(r) || unicode.IsMark(r) {
			return true
		}
	}
	return false
}

// mode returns the most common value, rounded to a tenth.
func mode(xs []float64) float64 {
	counts := map[float64]int{}
	best, n := 0.0, 0
	for _, x := range xs {
		r := math.Round(x*10) / 10
		counts[r]++
		if c := counts[r]; c > n || (c == n && r > best) {
			best, n = r, c
		}
	}
	return best
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// box is a word's extent, from below its baseline to above it.
func (w *word) bottom() float64 { return w.y - 0.25*w.size }
func (w *word) top() float64    { return w.y + 0.75*w.size }

// maxCutWords is the most words a block may have to be cut further;
// beyond it (huge tables) the block is read line by line, top to bottom.
const maxCutWords = 20000

// readingOrder splits the page's words into blocks by recursive X-Y
// cuts: columns (empty vertical strips) first, then the widest empty
// horizontal band. It returns the blocks in reading order.
//
// Each region is carried sorted both ways (by left edge and by top), so
// that no level of the recursion sorts again.
func readingOrder(ws []*word, em float64) [][]*word {
	byX := append([]*word(nil), ws...)
	sort.SliceStable(byX, func(i, j int) bool { return byX[i].x0 < byX[j].x0 })
	byTop := append([]*word(nil), ws...)
	sort.SliceStable(byTop, func(i, j int) bool { return byTop[i].top() > byTop[j].top() })
	// split keeps the order of ws while parting the words marked first.
	split := func(ws []*word) (first, second []*word) {
		for _, w := range ws {
			if w.first {
				first = append(first, w)
			} else {
				second = append(second, w)
			}
		}
		return first, second
	}
	mark := func(first, second []*word) {
		for _, w := range first {
			w.first = true
		}
		for _, w := range second {
			w.first = false
		}
	}
	var out [][]*word
	var cut func(byX, byTop []*word, depth int)
	cut = func(byX, byTop []*word, depth int) {
		if len(byX) <= 1 || depth > 10000 || len(byX) > maxCutWords {
			if len(byX) > 0 {
				out = append(out, byTop)
			}
			return
		}
		if at := verticalCut(byX, em); at > 0 {
			mark(byX[:at], byX[at:])
			left, right := split(byTop)
			cut(byX[:at], left, depth+1)
			cut(byX[at:], right, depth+1)
			return
		}
		if at := horizontalCut(byTop); at > 0 {
			mark(byTop[:at], byTop[at:])
			top, bottom := split(byX)
			cut(top, byTop[:at], depth+1)
			cut(bottom, byTop[at:], depth+1)
			return
		}
		out = append(out, byTop)
	}
	cut(byX, byTop, 0)
	return out
}

// verticalCut finds the widest empty vertical strip that leaves a
// column of text on both sides, in words sorted by left edge: the
// index of the first word right of it, or 0 when there is none.
func verticalCut(s []*word, em float64) int {
	minX := s[0].x0
	maxX := s[0].x1
	for _, w := range s {
		maxX = math.Max(maxX, w.x1)
	}
	bestGap, bestAt := 0.0, 0
	reach := s[0].x1
	for i := 1; i < len(s); i++ {
		gap := s[i].x0 - reach
		if gap >= columnGap*em && gap > bestGap &&
			reach-minX >= columnWidth*em && maxX-s[i].x0 >= columnWidth*em &&
			distinctLines(s[:i]) >= 2 && distinctLines(s[i:]) >= 2 &&
			gutterLike(s[:i], s[i:]) {
			bestGap, bestAt = gap, i
		}
		reach = math.Max(reach, s[i].x1)
	}
	return bestAt
}

// gutterLike tells a gutter between columns from a river of aligned
// word spaces in justified text: on the lines that have words on both
// sides, the gap across the cut must be clearly wider than the usual
// space between the words of the line (justification makes a line's
// spaces alike, so a river is no wider than they are).
func gutterLike(left, right []*word) bool {
	type span struct {
		lastLeft, firstRight float64
		words                []*word
		both                 [2]bool
	}
	lines := map[*line]*span{}
	get := func(w *word) *span {
		sp := lines[w.line]
		if sp == nil {
			sp = &span{lastLeft: math.Inf(-1), firstRight: math.Inf(1)}
			lines[w.line] = sp
		}
		sp.words = append(sp.words, w)
		return sp
	}
	for _, w := range left {
		sp := get(w)
		sp.lastLeft = math.Max(sp.lastLeft, w.x1)
		sp.both[0] = true
	}
	for _, w := range right {
		sp := get(w)
		sp.firstRight = math.Min(sp.firstRight, w.x0)
		sp.both[1] = true
	}
	crossing, against := 0, 0
	for _, sp := range lines {
		if !sp.both[0] || !sp.both[1] {
			continue
		}
		crossing++
		ws := sp.words
		sort.Slice(ws, func(i, j int) bool { return ws[i].x0 < ws[j].x0 })
		cut := sp.firstRight - sp.lastLeft
		var gaps []float64
		for k := 1; k < len(ws); k++ {
			if ws[k].x0 >= sp.firstRight && ws[k-1].x1 <= sp.lastLeft {
				continue // the gap across the cut
			}
			gaps = append(gaps, ws[k].x0-ws[k-1].x1)
		}
		if len(gaps) > 0 && cut < 1.5*median(gaps) {
			against++
		}
	}
	return 3*against <= crossing
}

func distinctLines(ws []*word) int {
	seen := map[*line]bool{}
	for _, w := range ws {
		seen[w.line] = true
		if len(seen) >= 2 {
			break
		}
	}
	return len(seen)
}

// horizontalCut finds the widest empty horizontal band, in words
// sorted by top: the index of the first word below it, or 0 when there
// is none.
func horizontalCut(s []*word) int {
	bestGap, bestAt := 0.0, 0
	low := s[0].bottom()
	for i := 1; i < len(s); i++ {
		gap := low - s[i].top()
		if gap > 0 && gap > bestGap {
			bestGap, bestAt = gap, i
		}
		low = math.Min(low, s[i].bottom())
	}
	return bestAt
}

// piece is a line, or the part of a line inside one block.
type piece struct {
	words  []*word
	x0, x1 float64
	y      float64
	size   float64
}

// blockPieces orders a block's words into lines.
func blockPieces(ws []*word) []*piece {
	byLine := map[*line][]*word{}
	var order []*line
	for _, w := range ws {
		if _, ok := byLine[w.line]; !ok {
			order = append(order, w.line)
		}
		byLine[w.line] = append(byLine[w.line], w)
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i].y > order[j].y })
	var out []*piece
	for _, l := range order {
		lw := byLine[l]
		sort.SliceStable(lw, func(i, j int) bool { return lw[i].x0 < lw[j].x0 })
		p := &piece{words: lw, x0: lw[0].x0, x1: lw[0].x1, size: l.size}
		var ys []float64
		for _, w := range lw {
			p.x1 = math.Max(p.x1, w.x1)
			if w.size >= 0.9*l.size {
				ys = append(ys, w.y)
			}
		}
		// A line may hold the lines of two columns whose baselines
		// differ a little: the piece keeps its own.
		if p.y = median(ys); len(ys) == 0 {
			p.y = l.y
		}
		out = append(out, p)
	}
	return out
}

// paragraphs joins a page's lines, in reading order, into paragraphs.
func paragraphs(ps []*piece) []string {
	if len(ps) == 0 {
		return nil
	}
	// Pieces of one line split by a cut come back together.
	var lines []*piece
	for _, p := range ps {
		if n := len(lines); n > 0 {
			q := lines[n-1]
			if abs(p.y-q.y) <= 0.3*math.Max(p.size, q.size) && p.x0 >= q.x1-0.5 {
				q.words = append(q.words, p.words...)
				q.x1 = math.Max(q.x1, p.x1)
				continue
			}
		}
		lines = append(lines, p)
	}
	spacing, bodySize := lineSpacing(lines)
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			if s := cleanText(joinLines(cur)); s != "" {
				out = append(out, s)
			}
			cur = nil
		}
	}
	edges := columnEdges(lines)
	for i, l := range lines {
		if i > 0 && paragraphBreak(lines[i-1], l, spacing, bodySize) &&
			!continuesColumn(lines[i-1], l, edges[i-1], edges[i]) {
			flush()
		}
		cur = append(cur, joinWords(l.words))
	}
	flush()
	return out
}

// column is the left and right edges of a run of lines that goes down
// the page (a column, or the part of one in a block).
type column struct {
	start, end int // the run's lines, [start, end)
	left       float64
	right      float64
}

// columnEdges finds, for each line, the edges of its run: the most
// common left edge and the right edge most full lines reach.
func columnEdges(lines []*piece) []*column {
	out := make([]*column, len(lines))
	start := 0
	for i := 1; i <= len(lines); i++ {
		if i < len(lines) && lines[i].y < lines[i-1].y-0.3*lines[i].size {
			continue
		}
		c := &column{start: start, end: i}
		var x0s, x1s []float64
		for _, l := range lines[start:i] {
			x0s = append(x0s, l.x0)
			x1s = append(x1s, l.x1)
		}
		sort.Float64s(x0s)
		sort.Float64s(x1s)
		c.left = x0s[len(x0s)/4]
		c.right = x1s[len(x1s)*3/4]
		for j := start; j < i; j++ {
			out[j] = c
		}
		start = i
	}
	return out
}

// continuesColumn reports whether b, at the top of a new column, goes
// on with the paragraph of a, at the foot of the previous one: a fills
// its line, b is not indented, and the font is the same.
func continuesColumn(a, b *piece, ca, cb *column) bool {
	if ca == cb || b.y <= a.y || abs(a.size-b.size) > 0.05*a.size {
		return false
	}
	if ca.end-ca.start < 2 || cb.end-cb.start < 2 {
		return false
	}
	return a.x1 >= ca.right-0.5*a.size && b.x0 <= cb.left+0.3*b.size
}

// lineSpacing estimates the page's usual distance between baselines,
// and the font size it goes with.
func lineSpacing(lines []*piece) (float64, float64) {
	var dys, sizes []float64
	for i := 1; i < len(lines); i++ {
		a, b := lines[i-1], lines[i]
		dy := a.y - b.y
		if abs(a.size-b.size) <= 0.1*a.size && dy > 0.5*a.size && dy < 3*a.size {
			dys = append(dys, dy)
			sizes = append(sizes, a.size)
		}
	}
	if len(dys) == 0 {
		s := lines[0].size
		return 1.2 * s, s
	}
	sort.Float64s(dys)
	return dys[len(dys)*3/10], median(sizes)
}

// paragraphBreak reports whether line b starts a new paragraph after a.
func paragraphBreak(a, b *piece, spacing, bodySize float64) bool {
	size := math.Max(a.size, b.size)
	dy := a.y - b.y
	if dy < 0.3*size {
		return true // back up the page: a new column or block
	}
	if abs(a.size-b.size) > 0.15*size {
		return true // a heading, a caption, a footnote
	}
	expect := spacing
	if bodySize > 0 && math.Min(a.size, b.size) > bodySize*1.1 {
		expect = spacing * math.Min(a.size, b.size) / bodySize
	}
	if dy > paraGap*expect+0.1 {
		return true
	}
	if b.x0 > a.x0+indentMin*size && !hanging(a, b) && !centered(a, b) {
		return true
	}
	return false
}

// centered reports whether a and b are lines of one centred paragraph.
func centered(a, b *piece) bool {
	return abs((a.x0+a.x1)/2-(b.x0+b.x1)/2) < 0.5*a.size && b.x1 < a.x1-indentMin*a.size
}

// hanging reports whether b continues a hanging-indented item a (a
// label, a wide space, then text that b lines up with).
func hanging(a, b *piece) bool {
	if len(a.words) < 2 {
		return false
	}
	w0, w1 := a.words[0], a.words[1]
	return w1.x0-w0.x1 > 0.6*a.size && abs(b.x0-w1.x0) < 0.3*a.size
}
