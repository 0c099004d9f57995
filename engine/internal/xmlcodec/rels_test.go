package xmlcodec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
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

// TestReadActions: links in any order with known and unknown rels, hrefs with entities and empty
// ones, other elements and text between them; an empty block gives no links.
func TestReadActions(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []*types.Link
	}{
		{"empty", `<vm><actions/></vm>`, []*types.Link{}},
		{"links", `<vm><actions>
			<link href="/ovirt-engine/api/vms/1/start" rel="start"/>
			<other rel="x"/> text
			<link rel="not-in-the-model" href="/a?x=1&amp;y=2"/>
			<link rel="stop"/>
			<link href="/h" rel="exporttopathonhost"></link>
		</actions></vm>`, []*types.Link{
			{Rel: "start", Href: "/ovirt-engine/api/vms/1/start"},
			{Rel: "not-in-the-model", Href: "/a?x=1&y=2"},
			{Rel: "stop", Href: ""},
			{Rel: "exporttopathonhost", Href: "/h"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := xmlstream.NewReaderBytes([]byte(tc.doc))
			_, err := r.Root()
			require.NoError(t, err)
			vm, err := ReadVm(r)
			require.NoError(t, err)
			assert.Equal(t, tc.want, vm.Actions)
			assert.Empty(t, *r.Scratch(), "the scratch stack is cut back")
		})
	}
}
