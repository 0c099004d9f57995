package xmlcodec

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEngineRelsInterned: the rels an engine lists for a VM (the benchmark document's, taken
// from an engine's answer), action signatures such as exporttopathonhost included, come back as
// constant strings: reading an <actions> block allocates no string per rel.
func TestEngineRelsInterned(t *testing.T) {
	for _, rel := range append(append([]string{}, vmActions...), vmLinks...) {
		b := []byte(rel)
		var got string
		allocs := testing.AllocsPerRun(10, func() { got = internRel(b) })
		assert.Equal(t, rel, got)
		assert.Zero(t, allocs, "rel %q is not interned", rel)
	}
	assert.Equal(t, "not-a-rel", internRel([]byte("not-a-rel")), "unknown rels are kept")
}
