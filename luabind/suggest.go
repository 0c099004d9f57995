package luabind

import "github.com/ovirtsh/ovirtsh/internal/suggest"

// closest returns the candidate nearest to name by edit distance, or "" when none is near enough
// to be a plausible typo (see suggest.Closest).
func closest(name string, candidates []string) string { return suggest.Closest(name, candidates) }

// didYouMean returns "; did you mean 'x'?" for the closest candidate, or "".
func didYouMean(name string, candidates []string) string {
	if c := closest(name, candidates); c != "" {
		return suggest.DidYouMean([]string{c})
	}
	return ""
}

// editDistance is suggest.EditDistance.
func editDistance(a, b string) int { return suggest.EditDistance(a, b) }
