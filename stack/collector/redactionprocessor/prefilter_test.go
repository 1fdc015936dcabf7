package redactionprocessor

import (
	"context"
	"math/rand"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
)

// aimonBlockedValues reads the blocked_values aimon ships (../config.yaml, redaction/secrets): single-quoted YAML
// scalars, one per line.
func aimonBlockedValues(t *testing.T) []string {
	raw, err := os.ReadFile("../config.yaml")
	require.NoError(t, err)
	var patterns []string
	inList := false
	for _, line := range strings.Split(string(raw), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "blocked_values:":
			inList = true
		case inList && strings.HasPrefix(trimmed, "- '"):
			patterns = append(patterns, strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(trimmed, "- '"), "'"), "''", "'"))
		case inList && trimmed != "" && !strings.HasPrefix(trimmed, "#"):
			inList = false
		}
	}
	require.Len(t, patterns, 7, "aimon's redaction/secrets blocked_values")
	return patterns
}

// Other patterns of the kinds users write (contrib's README and tests), to check the derivation beyond aimon's.
var otherPatterns = []string{
	`4[0-9]{12}(?:[0-9]{3})?`,
	`(5[1-5][0-9]{3})`,
	`(?i)password\s*[:=]\s*\S+`,
	`ab(c|d)+ef`,
	`(?:foo|bar)baz`,
	`x{3,}`,
	`(?i)\bk[a-z]+`,
	`^secret$`,
	`.*`,
	`[a-z]+@example\.com`,
}

// corpus: values a tool could print, built from fragments that sit near every pattern's edges (keywords in both
// cases, separators, key prefixes, URLs, PEM markers, non-ASCII that case folding reaches).
func corpus(n int) []string {
	fragments := []string{
		"secret", "SECRET", "Token", "passwd", "PassWord", "passphrase", "api_key", "API-KEY", "apikey", "access_key",
		"private-key", "Credentials", "authorization", "Authorization: ", "x-api-key", "Bearer ", "basic ", "export ",
		"DB_", "_TOKEN", "=", ": ", ":", "\n", "\t", " ", "\"", "'", "&", "?", "://", "postgres", "user", "@", "/",
		"sk-", "rk_live_", "sk_test_", "AKIA", "ASIA", "ghp_", "github_pat_", "glpat-", "xoxb-", "AIza", "npm_", "hf_",
		"eyJ", ".", "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "-----BEGIN OPENSSH PRIVATE KEY-----",
		"abcdefghijklmnop", "ABCDEFGHIJKLMNOPQRST", "0123456789", "Zz09_-", "\u212a", "\u017f", "é", "4111111111111111",
		"52345", "abcef", "foobaz", "xxx", "k", "bob@example.com",
	}
	rng := rand.New(rand.NewSource(42))
	values := make([]string, n)
	for i := range values {
		var b strings.Builder
		for parts := 1 + rng.Intn(12); parts > 0; parts-- {
			b.WriteString(fragments[rng.Intn(len(fragments))])
		}
		values[i] = b.String()
	}
	return values
}

func TestRequiredLiteralsOfAimonPatterns(t *testing.T) {
	for _, p := range aimonBlockedValues(t) {
		assert.NotNil(t, requiredLiterals(p), "no literal derived for %q: the pattern would run on every value", p)
	}
	assert.Equal(t, []string{"bearer"}, requiredLiterals(`(?i)\bbearer[ \t]+[A-Za-z0-9._~+/-]{16,}=*`))
	assert.Equal(t, []string{"://"}, requiredLiterals(`\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/:@"'\\]+:[^\s/@"'\\]+@`))
	assert.Nil(t, requiredLiterals(`.*`))
	assert.Nil(t, requiredLiterals(`[0-9]{16}`))
}

// The prefilter's whole promise: it never skips a value its pattern matches.
func TestPrefilterNeverSkipsAMatch(t *testing.T) {
	patterns := append(aimonBlockedValues(t), otherPatterns...)
	values := corpus(100_000)
	matched := 0
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		literals := requiredLiterals(p)
		for _, v := range values {
			if !re.MatchString(v) {
				continue
			}
			matched++
			filter := newValueFilter(v)
			require.True(t, filter.mayMatch(literals), "pattern %q matches %q but its literals %q are not in it", p, v, literals)
		}
	}
	assert.Greater(t, matched, 10_000, "the corpus must exercise the patterns")
}

// And the processor masks exactly what it masked without the prefilter.
func TestMaskingUnchangedByPrefilter(t *testing.T) {
	cfg := &Config{AllowAllKeys: true, BlockedValues: aimonBlockedValues(t), RedactAllTypes: false}
	withPrefilter, err := newRedaction(context.Background(), cfg, zap.NewNop())
	require.NoError(t, err)
	without, err := newRedaction(context.Background(), cfg, zap.NewNop())
	require.NoError(t, err)
	without.blockLiterals = make([][]string, len(without.blockRegexList)) // nil literals: every pattern runs
	changed := 0
	for _, v := range corpus(50_000) {
		got := withPrefilter.maskBlockedValues(v)
		require.Equal(t, without.maskBlockedValues(v), got, "value %q", v)
		if got != v {
			changed++
		}
	}
	assert.Greater(t, changed, 5_000, "the corpus must contain secrets to mask")
}

func BenchmarkMaskBlockedValues(b *testing.B) {
	patterns := []string{
		`(?i)\b[A-Za-z0-9_]*(?:secret|token|passw(?:or)?d|api_?key|access_?key|private_?key)[A-Za-z0-9_]*=[^\s"'\\&,;]{6,}`,
		`(?i)\bbearer[ \t]+[A-Za-z0-9._~+/-]{16,}=*`,
		`\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/:@"'\\]+:[^\s/@"'\\]+@`,
	}
	value := `{"command":"npm run build -- --project packages/web","description":"Build the web package","timeout":120000}`
	cfg := &Config{AllowAllKeys: true, BlockedValues: patterns}
	for _, name := range []string{"prefilter", "every-pattern"} {
		r, err := newRedaction(context.Background(), cfg, zap.NewNop())
		require.NoError(b, err)
		if name == "every-pattern" {
			r.blockLiterals = make([][]string, len(r.blockRegexList))
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				r.maskBlockedValues(value)
			}
		})
	}
}
