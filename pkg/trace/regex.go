package trace

import (
	"fmt"
	"regexp"
	"regexp/syntax"
)

// Bounds of a user's regex filter. Go's regexp matches in time linear in the
// input, so the pattern's size is what needs a bound: a short pattern with
// nested counted repetitions ("((ab|cd|ef){30}){30}") compiles to a huge program that
// every row is then matched against.
const (
	MaxRegexLen  = 512   // bytes of pattern
	MaxRegexInst = 5_000 // instructions of the compiled program
)

// CompileRegex compiles a regex filter value within MaxRegexLen and
// MaxRegexInst; the error says what to change.
func CompileRegex(expr string) (*regexp.Regexp, error) {
	if len(expr) > MaxRegexLen {
		return nil, fmt.Errorf("regex is %d bytes long; the limit is %d: match a shorter pattern", len(expr), MaxRegexLen)
	}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil, fmt.Errorf("bad regex %q: %w", expr, err)
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, fmt.Errorf("bad regex %q: %w", expr, err)
	}
	if n := len(prog.Inst); n > MaxRegexInst {
		return nil, fmt.Errorf("regex %q expands to %d steps; the limit is %d: use fewer or smaller counted repetitions such as {n}", expr, n, MaxRegexInst)
	}
	return regexp.Compile(expr)
}
