package suggest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNearest(t *testing.T) {
	cases := []struct {
		name  string
		cands []string
		n     int
		want  []string
	}{
		{"vm3", []string{"vm1", "vm2", "web1"}, 3, []string{"vm1", "vm2"}},
		{"vm3", []string{"vm1", "vm2"}, 1, []string{"vm1"}},
		{"nisc", []string{"networks", "nics", "nics"}, 3, []string{"nics"}},
		{"zzzzzz", []string{"memory", "name"}, 3, nil},
		{"Defualt", []string{"Blank", "Default"}, 3, []string{"Default"}},
		{"ab", nil, 3, nil},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, Nearest(tc.name, tc.cands, tc.n), "%s %v", tc.name, tc.cands)
	}
	assert.Equal(t, "vm1", Closest("vm3", []string{"vm1", "vm2"}), "ties go to the earlier candidate")
	assert.Equal(t, "", Closest("zzzzzz", []string{"memory"}))
}

func TestDidYouMean(t *testing.T) {
	assert.Equal(t, "", DidYouMean(nil))
	assert.Equal(t, "; did you mean 'a'?", DidYouMean([]string{"a"}))
	assert.Equal(t, "; did you mean 'a' or 'b'?", DidYouMean([]string{"a", "b"}))
	assert.Equal(t, "; did you mean 'a', 'b' or 'c'?", DidYouMean([]string{"a", "b", "c"}))
}
