package pdf

const (
	tokString = iota
	tokNumber
	tokName
	tokOp
	tokArrayStart
	tokArrayEnd
	tokDictStart
)

type token struct {
	kind int
	s    string
}

// lexer reads the tokens of content streams and CMaps: strings,
// numbers, names, operators and array brackets; "<<" and ">>" come as
// operators.
type lexer struct {
	data []byte
	pos  int
}

func (l *lexer) next() (token, bool) {
	d := l.data
	for l.pos < len(d) {
		c := d[l.pos]
		switch {
		case c == '%':
			for l.pos < len(d) && d[l.pos] != '\n' && d[l.pos] != '\r' {
				l.pos++
			}
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0:
			l.pos++
		case c == '[':
			l.pos++
			return token{kind: tokArrayStart}, true
		case c == ']':
			l.pos++
			return token{kind: tokArrayEnd}, true
		case c == '<' && l.pos+1 < len(d) && d[l.pos+1] == '<', c == '>' && l.pos+1 < len(d) && d[l.pos+1] == '>':
			l.pos += 2
			return token{kind: tokOp, s: string(d[l.pos-2 : l.pos])}, true
		case c == '<':
			l.pos++
			var b []byte
			var hi byte
			half := false
			for l.pos < len(d) && d[l.pos] != '>' {
				if v, ok := hexVal(d[l.pos]); ok {
					if half {
						b = append(b, hi<<4|v)
					} else {
						hi = v
					}
					half = !half
				}
				l.pos++
			}
			if half {
				b = append(b, hi<<4)
			}
			l.pos++
			return token{kind: tokString, s: string(b)}, true
		case c == '(':
			l.pos++
			var b []byte
			depth := 1
			for l.pos < len(d) {
				c := d[l.pos]
				l.pos++
				if c == '\\' && l.pos < len(d) {
					e := d[l.pos]
					l.pos++
					switch e {
					case 'n':
						b = append(b, '\n')
					case 'r':
						b = append(b, '\r')
					case 't':
						b = append(b, '\t')
					case 'b':
						b = append(b, '\b')
					case 'f':
						b = append(b, '\f')
					case '0', '1', '2', '3', '4', '5', '6', '7':
						v := int(e - '0')
						for k := 0; k < 2 && l.pos < len(d) && d[l.pos] >= '0' && d[l.pos] <= '7'; k++ {
							v = v*8 + int(d[l.pos]-'0')
							l.pos++
						}
						b = append(b, byte(v))
					case '\r', '\n':
					default:
						b = append(b, e)
					}
					continue
				}
				if c == '(' {
					depth++
				} else if c == ')' {
					depth--
					if depth == 0 {
						break
					}
				}
				b = append(b, c)
			}
			return token{kind: tokString, s: string(b)}, true
		default:
			start := l.pos
			if c == '/' {
				l.pos++
			}
			for l.pos < len(d) && !isDelim(d[l.pos]) {
				l.pos++
			}
			if l.pos == start {
				l.pos++ // a stray delimiter such as ')' or '{'
				continue
			}
			s := string(d[start:l.pos])
			switch {
			case s[0] == '/':
				return token{kind: tokName, s: s[1:]}, true
			case (s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+' || s[0] == '.':
				return token{kind: tokNumber, s: s}, true
			default:
				return token{kind: tokOp, s: s}, true
			}
		}
	}
	return token{}, false
}

func isDelim(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\f', 0, '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func hexVal(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// skipInlineImage moves past the data of an inline image, just read
// up to its ID operator: the data ends at the first EI that stands
// alone between white space.
func (l *lexer) skipInlineImage() {
	d := l.data
	i := l.pos + 1 // the single white-space byte after ID
	for ; i+1 < len(d); i++ {
		if d[i] != 'E' || d[i+1] != 'I' {
			continue
		}
		before := i == 0 || isWhite(d[i-1])
		after := i+2 >= len(d) || isWhite(d[i+2]) || isDelim(d[i+2])
		if before && after {
			l.pos = i + 2
			return
		}
	}
	l.pos = len(d)
}

func isWhite(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\f', 0:
		return true
	}
	return false
}
