// Package suggest finds the names nearest to a mistyped one, for "did you mean" messages in every
// layer (engine/names, luabind, the command line).
package suggest

import (
	"fmt"
	"sort"
	"strings"
)

// Closest returns the candidate nearest to name by edit distance (adjacent transpositions count
// one edit), or "" when none is near enough to be a plausible typo. Ties go to the earlier
// candidate, so callers pass candidates in a stable order.
func Closest(name string, candidates []string) string {
	if near := Nearest(name, candidates, 1); len(near) > 0 {
		return near[0]
	}
	return ""
}

// Nearest returns up to n distinct candidates near enough to name to be plausible typos, nearest
// first (ties in the order given).
func Nearest(name string, candidates []string, n int) []string {
	type hit struct {
		s string
		d int
	}
	var hits []hit
	seen := map[string]bool{}
	for _, c := range candidates {
		if seen[c] {
			continue
		}
		seen[c] = true
		if d := EditDistance(name, c); d <= max(2, len(name)/3) {
			hits = append(hits, hit{c, d})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].d < hits[j].d })
	var out []string
	for _, h := range hits[:min(n, len(hits))] {
		out = append(out, h.s)
	}
	return out
}

// DidYouMean returns "; did you mean 'x'?" (or "'x', 'y' or 'z'" for several) for the given
// suggestions, or "" when there are none.
func DidYouMean(near []string) string {
	if len(near) == 0 {
		return ""
	}
	q := make([]string, len(near))
	for i, s := range near {
		q[i] = "'" + s + "'"
	}
	list := q[0]
	if len(q) > 1 {
		list = strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
	}
	return fmt.Sprintf("; did you mean %s?", list)
}

// EditDistance is the optimal string alignment distance between a and b: insertions, deletions,
// substitutions and transpositions of adjacent bytes each cost one.
func EditDistance(a, b string) int {
	// Three rows: the one before the previous (for transpositions), the previous and the current.
	pp := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], pp[j-2]+1)
			}
		}
		pp, prev, cur = prev, cur, pp
	}
	return prev[len(b)]
}
