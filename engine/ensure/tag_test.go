package ensure_test

import (
	"maps"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestTag(t *testing.T) {
	e := start(t)
	web := ensure.Spec{"name": "web", "description": "web servers"}

	// Check mode plans the add and sends nothing.
	r, writes := e.must("tag", web, ensure.Options{Check: true})
	assert.True(t, r.Changed)
	assert.Equal(t, "add", r.Op)
	assert.Equal(t, ensure.Change{To: "web servers"}, r.Diff["description"])
	assert.Empty(t, writes)

	r, writes = e.must("tag", web, ensure.Options{})
	assert.Equal(t, "add", r.Op)
	assert.Equal(t, []string{"add"}, r.Actions)
	assert.Len(t, writes, 1)
	tag := r.Object.(*types.Tag)
	assert.Equal(t, "web servers", tag.GetDescription())
	e.noop("tag", web)

	tests := []struct {
		name   string
		spec   ensure.Spec
		path   string
		change func(from string) ensure.Change
	}{
		{"scalar", ensure.Spec{"name": "web", "description": "front ends"}, "description",
			func(string) ensure.Change { return ensure.Change{From: "web servers", To: "front ends"} }},
		{"reference by name", ensure.Spec{"name": "web", "parent": "prod"}, "parent", nil},
		{"reference by id table", ensure.Spec{"name": "web", "parent": map[string]any{"name": "root"}}, "parent", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, writes := e.must("tag", tt.spec, ensure.Options{Check: true})
			require.True(t, r.Changed)
			assert.Empty(t, writes)
			assert.Equal(t, []string{tt.path}, slices.Sorted(maps.Keys(r.Diff)))
			if tt.change != nil {
				assert.Equal(t, tt.change(""), r.Diff[tt.path])
			}
			r, writes = e.must("tag", tt.spec, ensure.Options{})
			require.Equal(t, "change", r.Op)
			require.Len(t, writes, 1)
			assert.Contains(t, writes[0], "PUT ")
			e.noop("tag", tt.spec)
		})
	}
	k, err := ensure.Lookup("tag")
	require.NoError(t, err)
	assert.Equal(t, []ensure.Ref{{Kind: "tag", Name: "prod"}}, k.Refs(ensure.Spec{"name": "web", "parent": "prod"}))

	// Absent: check mode first, then the removal, then a no-op.
	e.removes("tag", ensure.Spec{"name": "web", "state": "absent"}, ensure.Options{})
}

func TestTagOnlyDeclaredMembersSent(t *testing.T) {
	e := start(t)
	e.must("tag", ensure.Spec{"name": "db", "description": "databases", "parent": "prod"}, ensure.Options{})
	before := e.log.Len()
	e.must("tag", ensure.Spec{"name": "db", "description": "data"}, ensure.Options{})
	var body string
	for _, q := range e.log.Requests()[before:] {
		if q.Method == "PUT" {
			body = q.Body
		}
	}
	assert.Contains(t, body, "<description>data</description>")
	assert.NotContains(t, body, "parent")
	assert.NotContains(t, body, "<name>")
	// The undeclared parent stayed.
	e.noop("tag", ensure.Spec{"name": "db", "parent": "prod"})
}

func TestTagBadInput(t *testing.T) {
	e := start(t)
	tests := []struct {
		name string
		spec ensure.Spec
		want string
	}{
		{"unknown member", ensure.Spec{"name": "x", "descripton": "d"}, "tag x: descripton: Tag has no member 'descripton'; did you mean 'description'?"},
		{"wrong type", ensure.Spec{"name": "x", "description": int64(3)}, "tag x: description: expected a string, got a number"},
		{"missing reference", ensure.Spec{"name": "x", "parent": "prd"}, "tag x: parent: no tag named 'prd' in tags; did you mean 'prod'?"},
		{"a typo is found before a missing reference", ensure.Spec{"name": "x", "parent": "prd", "parnt": "prd"},
			"tag x: parnt: Tag has no member 'parnt'; did you mean 'parent'?"},
		{"bad state", ensure.Spec{"name": "x", "state": "gone"}, "tag x: state 'gone' is not one of present, absent"},
		{"list for a scalar", ensure.Spec{"name": "x", "description": []any{"a"}}, "tag x: description: expected a string, got a list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, writes, err := e.ensure("tag", tt.spec, ensure.Options{})
			require.EqualError(t, err, tt.want)
			assert.Empty(t, writes)
			require.NotNil(t, r)
			assert.False(t, r.Changed)
		})
	}
	_, _, err := e.ensure("tgg", ensure.Spec{"name": "x"}, ensure.Options{})
	require.ErrorContains(t, err, "did you mean 'tag'?")
	_, _, err = e.ensure("tag", ensure.Spec{"description": "x"}, ensure.Options{})
	require.EqualError(t, err, "tag: the declaration has no name (or id)")
}

func TestTagExportRoundTrip(t *testing.T) {
	e := start(t)
	e.must("tag", ensure.Spec{"name": "db", "description": "databases", "parent": "prod"}, ensure.Options{})
	rs := e.exportRoundTrip("tag", "")
	var db ensure.Spec
	for _, r := range rs {
		if r.Spec.Name() == "db" {
			db = r.Spec
		}
	}
	assert.Equal(t, ensure.Spec{"name": "db", "description": "databases", "parent": "prod"}, db)
}

func TestTagByID(t *testing.T) {
	e := start(t)
	tags, err := e.conn.SystemService().TagsService().List(ctx(t), nil)
	require.NoError(t, err)
	var prod string
	for _, tg := range tags {
		if tg.GetName() == "prod" {
			prod = tg.GetId()
		}
	}
	r, writes := e.must("tag", ensure.Spec{"id": prod, "description": "production!"}, ensure.Options{})
	assert.Equal(t, "change", r.Op)
	assert.Equal(t, prod, r.Name)
	assert.Len(t, writes, 1)
	e.noop("tag", ensure.Spec{"id": prod, "name": "prod", "description": "production!"})

	r, writes = e.must("tag", ensure.Spec{"id": prod, "name": "production"}, ensure.Options{})
	assert.Equal(t, map[string]ensure.Change{"name": {From: "prod", To: "production"}}, r.Diff)
	assert.Equal(t, "production", r.Object.(*types.Tag).GetName())
	assert.Len(t, writes, 1)
	e.noop("tag", ensure.Spec{"id": prod, "name": "production"})

	missing := "0b7b5a8e-4c9f-4b1e-9d55-3f0a8f7f2c11"
	_, writes, err = e.ensure("tag", ensure.Spec{"id": missing, "description": "x"}, ensure.Options{})
	require.EqualError(t, err, "tag "+missing+": no tag with id "+missing+", and a new one needs a name")
	assert.Empty(t, writes)
	e.removes("tag", ensure.Spec{"id": prod, "state": "absent"}, ensure.Options{})
}
