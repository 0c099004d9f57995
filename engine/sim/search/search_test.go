package search

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"name=web1", `name="web1"`},
		{"mycluster", `mycluster`},
		{"mycluster and status=up", `(mycluster and status="up")`},
		{"Name = web*", `name="web*"`},
		{"name=a and status=up", `(name="a" and status="up")`},
		{"name=a AND status=up OR name=b", `((name="a" and status="up") or name="b")`},
		{"name=a or name=b and status=up", `(name="a" or (name="b" and status="up"))`},
		{"name=a status=up", `(name="a" and status="up")`},
		{"(name=a or name=b) and status!=down", `((name="a" or name="b") and status!="down")`},
		{`name="my vm"`, `name="my vm"`},
		{`description='it''s'`, ""},
		{"memory>=1024", `memory>="1024"`},
		{"vms.status=up", `vms.status="up"`},
		{"name=* sortby name desc", `name="*" sortby name desc`},
		{"sortby name", `sortby name asc`},
		{"status=up page 2", `status="up" page 2`},
		{"status=up page 3 sortby creation_time", `status="up" sortby creation_time asc page 3`},
		{"id=0c4a2c8e-5d5a-4f5e-9b0a-1c2d3e4f5a6b", `id="0c4a2c8e-5d5a-4f5e-9b0a-1c2d3e4f5a6b"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			q, err := Parse(tt.in)
			if tt.want == "" && tt.in != "" {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, q.String())
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"web1 status=up", `expected an operator after "web1"`},
		{"name=", "expected a value"},
		{"name=a and", "end of the query"},
		{"name=a or or", "keyword"},
		{"!name=a", `"!" must be followed`},
		{"name=a)", `unexpected ")"`},
		{"(name=a", `expected ")"`},
		{`name="a`, "unterminated"},
		{"name=a page x", "page number"},
		{"name=a page 0", "page number"},
		{"sortby", "attribute after sortby"},
		{"name=a sortby name page 1 sortby id", "once each"},
		{"name=and", "quote it"},
		{"name=a = b", `unexpected "="`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := Parse(tt.in)
			var se *Error
			require.ErrorAs(t, err, &se)
			assert.Contains(t, se.Error(), tt.msg)
		})
	}
}

type rec map[string][]string

func (r rec) Values(a string) []string { return r[a] }

var schema = Schema{
	"name":          {Kind: String},
	"id":            {Kind: String},
	"status":        {Kind: Enum, Values: []string{"down", "up", "paused"}},
	"memory":        {Kind: Int},
	"stateless":     {Kind: Bool},
	"creation_time": {Kind: Date},
	"tag":           {Kind: String},
	"cluster":       {Kind: String},
}

var records = []rec{
	{"name": {"web1"}, "id": {"1"}, "status": {"up"}, "memory": {"1024"}, "stateless": {"false"},
		"creation_time": {"2026-01-02T10:00:00Z"}, "tag": {"prod", "web"}, "cluster": {"Default"}},
	{"name": {"Web2"}, "id": {"2"}, "status": {"down"}, "memory": {"4096"}, "stateless": {"true"},
		"creation_time": {"2026-01-03T10:00:00Z"}, "tag": {"web"}, "cluster": {"Default"}},
	{"name": {"db1"}, "id": {"3"}, "status": {"paused"}, "memory": {"2048"},
		"creation_time": {"2026-01-01T23:59:59Z"}, "cluster": {"other"}},
}

func names(t *testing.T, query string, opts Options) []string {
	t.Helper()
	q, err := Parse(query)
	require.NoError(t, err)
	m, err := Compile(q, schema, opts)
	require.NoError(t, err)
	var got []rec
	for _, r := range records {
		if m.Match(r) {
			got = append(got, r)
		}
	}
	if m.Sorted() {
		slices.SortStableFunc(got, func(a, b rec) int { return m.Compare(a, b) })
	}
	out := []string{}
	for _, r := range got {
		out = append(out, r["name"][0])
	}
	return out
}

func TestMatch(t *testing.T) {
	tests := []struct {
		q    string
		cs   bool
		want []string
	}{
		{"", false, []string{"web1", "Web2", "db1"}},
		{"name=web1", false, []string{"web1"}},
		{"name=WEB1", false, []string{"web1"}},
		{"name=WEB1", true, []string{}},
		{"name=web*", false, []string{"web1", "Web2"}},
		{"name=web*", true, []string{"web1"}},
		{"name=*1", false, []string{"web1", "db1"}},
		{"name=*e*", false, []string{"web1", "Web2"}},
		{"name=*", false, []string{"web1", "Web2", "db1"}},
		{"name!=web*", false, []string{"db1"}},
		{"name!=web1", false, []string{"Web2", "db1"}},
		{"status=up", false, []string{"web1"}},
		{"status=UP", true, []string{"web1"}},
		{"status!=up", false, []string{"Web2", "db1"}},
		{"status>down", false, []string{"web1", "db1"}},
		{"status=up or status=paused", false, []string{"web1", "db1"}},
		{"cluster=default and status=down", false, []string{"Web2"}},
		{"cluster=default status=down", false, []string{"Web2"}},
		{"memory>1024", false, []string{"Web2", "db1"}},
		{"memory<=2048", false, []string{"web1", "db1"}},
		{"memory=4096", false, []string{"Web2"}},
		{"stateless=true", false, []string{"Web2"}},
		{"stateless!=true", false, []string{"web1"}},
		{"creation_time>2026-01-02", false, []string{"Web2"}},
		{"creation_time=2026-01-02", false, []string{"web1"}},
		{"creation_time<2026-01-02T00:00:00Z", false, []string{"db1"}},
		{"tag=prod", false, []string{"web1"}},
		{"tag=web", false, []string{"web1", "Web2"}},
		{"tag!=prod", false, []string{"Web2"}},
		{"(name=db1 or name=web1) and memory>1500", false, []string{"db1"}},
		{"name=* sortby memory desc", false, []string{"Web2", "db1", "web1"}},
		{"sortby name", false, []string{"db1", "web1", "Web2"}},
		{"sortby status desc", false, []string{"db1", "web1", "Web2"}},
		{"sortby creation_time", false, []string{"db1", "web1", "Web2"}},
		{"sortby stateless", false, []string{"db1", "web1", "Web2"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			assert.Equal(t, tt.want, names(t, tt.q, Options{CaseSensitive: tt.cs}))
		})
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct{ q, msg string }{
		{"color=red", `unknown attribute "color"; searchable attributes are: cluster, creation_time`},
		{"status=flying", `"flying" is not a valid value of status (one of: down, up, paused)`},
		{"memory=big", "not a number"},
		{"memory=1*", "wildcards are only supported"},
		{"name>w*", "wildcards are only supported"},
		{"stateless=maybe", "true or false"},
		{"creation_time>yesterday", "not a date"},
		{"name=a sortby color", `cannot sort by unknown attribute "color"`},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q, err := Parse(tt.q)
			require.NoError(t, err)
			_, err = Compile(q, schema, Options{})
			var se *Error
			require.ErrorAs(t, err, &se)
			assert.Contains(t, se.Error(), tt.msg)
		})
	}
}

func TestPage(t *testing.T) {
	q, err := Parse("name=* page 4")
	require.NoError(t, err)
	m, err := Compile(q, schema, Options{})
	require.NoError(t, err)
	assert.Equal(t, 4, m.Page())
}

func BenchmarkMatch(b *testing.B) {
	q, _ := Parse("name=web* and status=up or memory>2000")
	m, _ := Compile(q, schema, Options{})
	for b.Loop() {
		for _, r := range records {
			m.Match(r)
		}
	}
}
