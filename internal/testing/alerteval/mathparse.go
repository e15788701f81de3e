package alerteval

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// node is a parsed math expression: a literal, a variable, or an operator
// applied to one or two operands.
type node struct {
	op    string // "" for literal and variable
	name  string // variable refId
	value float64
	args  []*node
}

// binaryPrecedence ranks the binary operators, lowest first, as Go does.
var binaryPrecedence = map[string]int{
	"||": 1, "&&": 2,
	"==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3,
	"+": 4, "-": 4,
	"*": 5, "/": 5, "%": 5,
	"**": 6,
}

// parseMath parses the subset of Grafana's math language the rules use:
// numbers, $A and ${A b} variables, unary - and !, the binary operators above
// and parentheses. Functions are not supported.
func parseMath(src string) (*node, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	n, err := p.expr(1)
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("math %q: unexpected %q", src, p.toks[p.pos])
	}
	return n, nil
}

type parser struct {
	toks []string
	pos  int
}

func (p *parser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

// expr parses operators of at least the given precedence (precedence climbing);
// ** is right-associative, the rest left-associative.
func (p *parser) expr(minPrec int) (*node, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		op := p.peek()
		prec, ok := binaryPrecedence[op]
		if !ok || prec < minPrec {
			return left, nil
		}
		p.pos++
		next := prec + 1
		if op == "**" {
			next = prec
		}
		right, err := p.expr(next)
		if err != nil {
			return nil, err
		}
		left = &node{op: op, args: []*node{left, right}}
	}
}

func (p *parser) unary() (*node, error) {
	switch tok := p.peek(); {
	case tok == "-" || tok == "!":
		p.pos++
		arg, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &node{op: tok, args: []*node{arg}}, nil
	case tok == "(":
		p.pos++
		n, err := p.expr(1)
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, fmt.Errorf("missing )")
		}
		p.pos++
		return n, nil
	case strings.HasPrefix(tok, "$"):
		p.pos++
		return &node{name: tok[1:]}, nil
	case tok == "":
		return nil, fmt.Errorf("unexpected end of expression")
	default:
		v, err := strconv.ParseFloat(tok, 64)
		if err != nil {
			return nil, fmt.Errorf("unexpected %q", tok)
		}
		p.pos++
		return &node{value: v}, nil
	}
}

// lex splits an expression into numbers, "$name" variables, operators and
// parentheses.
func lex(src string) ([]string, error) {
	var toks []string
	for i := 0; i < len(src); {
		c := rune(src[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '$':
			tok, n, err := lexVar(src[i:])
			if err != nil {
				return nil, err
			}
			toks, i = append(toks, tok), i+n
		case unicode.IsDigit(c) || c == '.':
			j := i
			for j < len(src) && (unicode.IsDigit(rune(src[j])) || strings.ContainsRune(".eE", rune(src[j])) ||
				(strings.ContainsRune("+-", rune(src[j])) && strings.ContainsRune("eE", rune(src[j-1])))) {
				j++
			}
			toks, i = append(toks, src[i:j]), j
		default:
			op := lexOp(src[i:])
			if op == "" {
				return nil, fmt.Errorf("math %q: unexpected character %q", src, c)
			}
			toks, i = append(toks, op), i+len(op)
		}
	}
	return toks, nil
}

func lexVar(s string) (tok string, n int, err error) {
	if strings.HasPrefix(s, "${") {
		end := strings.IndexByte(s, '}')
		if end < 0 {
			return "", 0, fmt.Errorf("unclosed ${ in %q", s)
		}
		return "$" + s[2:end], end + 1, nil
	}
	j := 1
	for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || s[j] == '_') {
		j++
	}
	if j == 1 {
		return "", 0, fmt.Errorf("empty variable name in %q", s)
	}
	return s[:j], j, nil
}

func lexOp(s string) string {
	for _, op := range []string{"**", "&&", "||", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "!", "(", ")"} {
		if strings.HasPrefix(s, op) {
			return op
		}
	}
	return ""
}
