package shellcomp

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/verbs"
)

// fakeNames answers name listings from a table and records what was asked.
type fakeNames struct {
	names map[string][]string
	asked []string // "globals|path"
}

func (f *fakeNames) list(_ context.Context, globals []string, path string) ([]string, error) {
	key := path
	if len(globals) > 0 {
		key = globals[0] + " " + path
	}
	f.asked = append(f.asked, key)
	if n, ok := f.names[path]; ok {
		return n, nil
	}
	return nil, errors.New("no such collection")
}

func values(cands []Candidate) []string {
	out := []string{}
	for _, c := range cands {
		out = append(out, c.Value)
	}
	return out
}

func TestComplete(t *testing.T) {
	tests := []struct {
		name    string
		words   []string
		want    []string // exactly these, in order
		has     []string // at least these
		hasNot  []string
		asked   []string // the name listings made
		helpFor map[string]string
	}{
		{name: "first word", words: []string{""}, has: []string{"list", "show", "action", "completion", "sim", "version"}},
		{name: "verb prefix", words: []string{"s"}, want: []string{"show", "sim"}},
		{name: "global flags", words: []string{"--pro"}, want: []string{"--profile"}},
		{name: "after a global flag's value", words: []string{"--profile", "lab", "ac"}, want: []string{"action"}},
		{name: "a global flag's value", words: []string{"--profile", ""}, want: []string{}},
		{name: "completion shells", words: []string{"completion", ""}, want: []string{"bash", "zsh", "fish"}},
		{name: "columns: members", words: []string{"list", "vms", "--columns", "memo"}, want: []string{"memory", "memory_policy"}},
		{name: "columns: after a comma", words: []string{"list", "vms", "--columns", "name,cl"}, want: []string{"name,cluster"}},
		{name: "columns: a nested member", words: []string{"list", "vms", "--columns=name,cpu.to"}, want: []string{"--columns=name,cpu.topology"}},
		{name: "columns: not an object", words: []string{"list", "vms", "--columns", "name.x"}, want: []string{}},
		{name: "a script's arguments", words: []string{"script.lua", ""}, want: []string{}},
		{name: "list takes plurals", words: []string{"list", "vm"}, has: []string{"vms", "vmpools"}, hasNot: []string{"vm"}},
		{name: "show takes singulars", words: []string{"show", "vm"}, has: []string{"vm", "vmpool"}, hasNot: []string{"vms"},
			helpFor: map[string]string{"vm": "Vm (of affinitygroup, affinitylabel, storagedomain)"}},
		{name: "console only where there are consoles", words: []string{"console", ""}, has: []string{"vm", "template"}, hasNot: []string{"host", "disk"}},
		{name: "entity names", words: []string{"action", "vm", "w"}, want: []string{"web1", "web2"}, asked: []string{"vms"}},
		{name: "names through the global flags' engine", words: []string{"--profile", "lab", "show", "vm", ""},
			want: []string{"db1", "web1", "web2"}, asked: []string{"--profile vms"}},
		{name: "actions", words: []string{"action", "vm", "web1", "st"}, want: []string{"start", "stop"}},
		{name: "options", words: []string{"action", "vm", "web1", "start", "--wa"}, want: []string{"--wait"}},
		{name: "options of the action", words: []string{"action", "vm", "web1", "start", "--use-"}, has: []string{"--use-cloud-init", "--use-sysprep"}},
		{name: "options already given are left out", words: []string{"list", "vms", "--max", "3", "--ma"}, want: []string{}},
		{name: "mandatory options say so", words: []string{"add", "vm", "--clus"}, has: []string{"--cluster"},
			helpFor: map[string]string{"--cluster": "(mandatory) the name or id of a cluster"}},
		{name: "enum values", words: []string{"list", "vms", "-o", ""}, want: []string{"table", "json", "csv", "api-json"}},
		{name: "enum values of a member", words: []string{"add", "vm", "--type", "s"}, want: []string{"server"}},
		{name: "reference values", words: []string{"add", "vm", "--cluster", ""}, want: []string{"Default", "lab"}, asked: []string{"clusters"}},
		{name: "--opt=value", words: []string{"add", "vm", "--cluster=D"}, want: []string{"--cluster=Default"}},
		{name: "--opt=value as bash splits it", words: []string{"add", "vm", "--cluster", "=", "D"}, want: []string{"Default"}},
		{name: "after a bash-split --opt=value", words: []string{"add", "vm", "--cluster", "=", "Default", "--templ"}, has: []string{"--template"}},
		{name: "a boolean takes no value", words: []string{"action", "vm", "--wait", "w"}, want: []string{"web1", "web2"}},
		{name: "parent option values", words: []string{"list", "nics", "--vm", "we"}, want: []string{"web1", "web2"}, asked: []string{"vms"}},
		{name: "names under a parent", words: []string{"show", "nic", "--vm", "web1", ""}, want: []string{"nic1"}, asked: []string{"vms/web1/nics"}},
		{name: "a sub-collection without its parent", words: []string{"show", "nic", ""}, want: []string{}, asked: []string{}},
		{name: "engine failure offers nothing", words: []string{"show", "host", ""}, want: []string{}, asked: []string{"hosts"}},
		{name: "unknown noun", words: []string{"show", "vmm", ""}, want: []string{}},
		{name: "list takes no entity", words: []string{"list", "vms", ""}, want: []string{}},
		{name: "no more words after the entity", words: []string{"show", "vm", "web1", ""}, want: []string{}},
		{name: "help", words: []string{"help", "a"}, has: []string{"action", "add", "affinitygroup"}, hasNot: []string{"affinitygroups", "list"}},
		{name: "help for a verb", words: []string{"help", "list", "vms"}, has: []string{"vms"}},
		{name: "help for an action", words: []string{"help", "action", "vm", "sta"}, want: []string{"start"}},
		{name: "a name with a newline is left out", words: []string{"show", "tag", ""}, want: []string{"prod"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := &fakeNames{names: map[string][]string{
				"vms": {"db1", "web1", "web2"}, "clusters": {"Default", "lab"}, "vms/web1/nics": {"nic1"},
				"tags": {"bad\nname", "prod"},
			}}
			env := Env{Globals: []GlobalFlag{{Name: "profile", Value: true}, {Name: "url", Value: true}, {Name: "debug"}},
				Commands: []Candidate{{Value: "sim"}, {Value: "version"}}, Names: f.list}
			got := Complete(context.Background(), tc.words, env)
			if tc.want != nil {
				assert.Equal(t, tc.want, values(got))
			}
			for _, h := range tc.has {
				assert.Contains(t, values(got), h)
			}
			for _, h := range tc.hasNot {
				assert.NotContains(t, values(got), h)
			}
			if tc.asked != nil {
				assert.Equal(t, tc.asked, append([]string{}, f.asked...))
			}
			for v, help := range tc.helpFor {
				i := -1
				for j, c := range got {
					if c.Value == v {
						i = j
					}
				}
				require.GreaterOrEqual(t, i, 0, "no candidate %s", v)
				assert.Equal(t, help, got[i].Help)
			}
		})
	}
}

func TestCompleteWithoutNames(t *testing.T) {
	assert.Empty(t, Complete(context.Background(), []string{"show", "vm", ""}, Env{}))
	assert.Equal(t, []string{"list"}, values(Complete(context.Background(), []string{"li"}, Env{})))
	assert.NotEmpty(t, Complete(context.Background(), nil, Env{}))
}

// TestCompleteEveryNoun walks every noun of the grammar: each verb's options complete without
// a panic, and every option Flags lists is offered.
func TestCompleteEveryNoun(t *testing.T) {
	for _, n := range verbs.Nouns() {
		for _, verb := range []string{"list", "show", "add", "update", "remove"} {
			got := values(Complete(context.Background(), []string{verb, n.Singular, "-"}, Env{}))
			for _, f := range verbs.Flags(verb, n.Singular, "") {
				assert.Contains(t, got, dash(f.Name), "%s %s", verb, n.Singular)
			}
		}
	}
}
