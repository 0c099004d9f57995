package search

import (
	"testing"
)

// FuzzParse checks that no query text panics the parser, and that what it accepts prints back to a
// query that parses to the same thing.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"", "name=web*", "name=web* and status=up", "name=a or name=b sortby name desc page 2",
		`name="my vm"`, "cluster=Default and (status=up or status=down)", "memory>1024", "name!=x",
		"sortby name", "page 3", "name=", "(", "name=a and", `name="unterminated`, "a=b=c",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q, err := Parse(text)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("Parse(%q): empty error message", text)
			}
			return
		}
		printed := q.String()
		q2, err := Parse(printed)
		if err != nil {
			t.Fatalf("Parse(%q) accepted, but its printed form %q fails: %v", text, printed, err)
		}
		if got := q2.String(); got != printed {
			t.Fatalf("round trip of %q: %q then %q", text, printed, got)
		}
	})
}
