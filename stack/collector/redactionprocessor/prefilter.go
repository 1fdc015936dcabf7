// aimon's addition to contrib's redaction processor v0.165.1 (see AIMON-PATCH.md): a literal prefilter for
// blocked_values. Each pattern runs only on a value that contains one of the literals every match of the pattern
// must contain, derived from the pattern itself, so no configuration can make it skip a value the pattern matches.

package redactionprocessor // import "github.com/open-telemetry/opentelemetry-collector-contrib/processor/redactionprocessor"

import (
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// requiredLiterals returns lower-case ASCII strings of which every match of pattern contains at least one, or nil
// when none can be derived (the pattern then runs on every value).
func requiredLiterals(pattern string) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	return literalsOf(re.Simplify())
}

func literalsOf(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return literal(re.Rune)
	case syntax.OpCapture, syntax.OpPlus:
		return literalsOf(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return literalsOf(re.Sub[0])
		}
	case syntax.OpAlternate:
		// A match is one of the branches: it contains a literal of whichever branch matched.
		var all []string
		for _, sub := range re.Sub {
			lits := literalsOf(sub)
			if lits == nil {
				return nil
			}
			all = append(all, lits...)
		}
		return all
	case syntax.OpConcat:
		// A match contains every part's match: any one part's literals will do; keep the most selective.
		var best []string
		consider := func(lits []string) {
			if lits != nil && (best == nil || shortest(lits) > shortest(best)) {
				best = lits
			}
		}
		var run []rune // adjacent literal parts are one literal
		for _, sub := range re.Sub {
			if sub.Op == syntax.OpLiteral {
				run = append(run, sub.Rune...)
				continue
			}
			consider(literal(run))
			run = nil
			consider(literalsOf(sub))
		}
		consider(literal(run))
		return best
	}
	return nil
}

func literal(runes []rune) []string {
	s := string(runes)
	if s == "" || !isASCII(s) {
		return nil
	}
	return []string{strings.ToLower(s)}
}

func shortest(lits []string) int {
	n := len(lits[0])
	for _, l := range lits[1:] {
		n = min(n, len(l))
	}
	return n
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// valueFilter answers, for one value, which patterns could match it. A value with a non-ASCII byte runs every
// pattern: case folding reaches runes that lower-casing does not (the Kelvin sign matches (?i)k).
type valueFilter struct {
	value string
	lower string
	ascii bool
}

func newValueFilter(value string) valueFilter {
	f := valueFilter{value: value, ascii: isASCII(value)}
	if f.ascii {
		f.lower = strings.ToLower(value)
	}
	return f
}

func (f *valueFilter) mayMatch(literals []string) bool {
	if literals == nil || !f.ascii {
		return true
	}
	for _, l := range literals {
		if strings.Contains(f.lower, l) {
			return true
		}
	}
	return false
}

// blockedLiterals holds each blocked_values pattern's required literals, in the order of blockRegexList.
func blockedLiterals(patterns []string) [][]string {
	literals := make([][]string, len(patterns))
	for i, p := range patterns {
		literals[i] = requiredLiterals(p)
	}
	return literals
}
