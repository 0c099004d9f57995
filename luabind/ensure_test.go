package luabind

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/ensure"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/wait"
)

// writesSince returns the requests after the first n that are not GETs.
func writesSince(log *enginetest.RequestLog, n int) []string {
	var out []string
	for _, q := range log.Requests()[n:] {
		if q.Method != "GET" {
			out = append(out, q.String())
		}
	}
	return out
}

func TestLuaEnsureTag(t *testing.T) {
	rt, log, out := newTest(t)
	n := log.Len()
	run(t, rt, `
local r = ovirt.ensure.tag{name='web', description='web servers', check=true}
print(r.changed, r.op, r.diff.description.from, r.diff.description.to, r.object)`)
	assert.Equal(t, "true\tadd\tnil\tweb servers\tnil\n", out.String())
	assert.Empty(t, writesSince(log, n))

	out.Reset()
	run(t, rt, `
local r = ovirt.ensure.tag{name='web', description='web servers', parent=ovirt.get('tags/prod')}
print(r.changed, r.op, r.actions[1], #r.actions, r.object.name, r.object.description)`)
	assert.Equal(t, "true\tadd\tadd\t1\tweb\tweb servers\n", out.String())
	assert.Len(t, writesSince(log, n), 1)

	n = log.Len()
	out.Reset()
	run(t, rt, `
local r = ovirt.ensure.tag{name='web', description='web servers', parent='prod'}
print(r.changed, r.op, next(r.diff), #r.actions)
r = ovirt.ensure.tag{name='web', description='front ends', timeout=30}
print(r.changed, r.op, r.diff.description.from, r.diff.description.to)
r = ovirt.ensure.tag{name='web', state='absent'}
print(r.changed, r.op, r.object)`)
	assert.Equal(t, "false\tnone\tnil\t0\ntrue\tchange\tweb servers\tfront ends\ntrue\tremove\tnil\n", out.String())
	assert.Len(t, writesSince(log, n), 2)
}

func TestLuaEnsureErrors(t *testing.T) {
	rt, log, _ := newTest(t)
	tests := []struct {
		name, src, kind, msg string
	}{
		{"unknown member", `ovirt.ensure.tag{name='x', descripton='d'}`, KindUsage,
			"tag x: descripton: Tag has no member 'descripton'; did you mean 'description'?"},
		{"unknown kind", `ovirt.ensure.tga{name='x'}`, KindUsage, "ovirt.ensure has no kind 'tga'; did you mean 'tag'?"},
		{"missing reference", `ovirt.ensure.tag{name='x', parent='nope'}`, KindNotFound, "tag x: parent: no tag named 'nope' in tags"},
		{"bad check", `ovirt.ensure.tag{name='x', check='yes'}`, KindUsage, "ovirt.ensure.tag: check must be a boolean, got string"},
		{"bad timeout", `ovirt.ensure.tag{name='x', timeout=-1}`, KindUsage, "ovirt.ensure.tag: timeout must be a positive number of seconds"},
		{"mixed table", `ovirt.ensure.tag{name='x', description={'a', b=1}}`, KindUsage, "description: a table is either a list or a table of members"},
		{"not a table", `ovirt.ensure.tag('x')`, KindUsage, "ovirt.ensure.tag expects one table"},
		{"no name", `ovirt.ensure.tag{description='x'}`, KindUsage, "tag: the declaration has no name (or id)"},
	}
	n := log.Len()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := runErr(t, rt, "\n"+tt.src)
			assert.Equal(t, tt.kind, e.Kind)
			assert.Contains(t, e.Message, tt.msg)
			assert.Equal(t, "<string>:2", e.Where)
		})
	}
	assert.Empty(t, writesSince(log, n))
}

func TestLuaCollectEnsures(t *testing.T) {
	rt, log, out := newTest(t)
	var got []ensure.Resource
	rt.CollectEnsures(func(r ensure.Resource) error {
		if r.Spec.Name() == "bad" {
			return errors.New("tag bad: declared twice")
		}
		got = append(got, r)
		return nil
	})
	n := log.Len()
	run(t, rt, `
local d = ovirt.ensure.tag{name='web', description='w', parent={name='prod'}}
print(d.kind, d.name)`)
	assert.Equal(t, "tag\tweb\n", out.String())
	require.Len(t, got, 1)
	assert.Equal(t, ensure.Resource{Kind: "tag", Spec: ensure.Spec{"name": "web", "description": "w",
		"parent": map[string]any{"name": "prod"}}, Where: "<string>:2"}, got[0], "where it was declared, for apply's errors")
	assert.Equal(t, n, log.Len(), "collecting sends nothing")

	out.Reset()
	run(t, rt, `print(ovirt.ensure.permission{role='UserRole', user='admin', vm='vm1'}.name == '')`)
	assert.Equal(t, "true\n", out.String())
	require.Len(t, got, 2)
	assert.Equal(t, "UserRole for user admin on vm vm1", ensure.ResourceName(mustKind(t, "permission"), got[1].Spec))

	e := runErr(t, rt, "ovirt.ensure.tag{name='bad'}")
	assert.Equal(t, "tag bad: declared twice", e.Message)

	rt.CollectEnsures(nil)
	run(t, rt, `assert(ovirt.ensure.tag{name='web'}.op == 'add')`)
}

func TestLuaEnsureHelp(t *testing.T) {
	rt, _, out := newTest(t)
	run(t, rt, `ovirt.help(ovirt.ensure.tag)`)
	assert.Contains(t, out.String(), "ovirt.ensure.tag{name=, description=, parent=, state='present'|'absent'} -> result\n  a tag\n")
	assert.Contains(t, out.String(), "check  true: plan only, send no write request")
	for _, k := range ensure.Kinds() {
		d := funcDoc("ensure." + k)
		require.NotNil(t, d, k)
		assert.NotContains(t, d.Sig, "NAME", "kind %s has its own help", k)
	}
}

func TestLuaEnsureErrorKinds(t *testing.T) {
	timeout := fmt.Errorf("template slow: %w", &wait.Error{Reason: wait.Timeout, What: "template 'slow'",
		Err: &engine.Error{Kind: engine.KindTimeout}})
	assert.Equal(t, KindTimeout, ensureError(timeout).Kind)
	assert.Equal(t, KindUsage, ensureError(fmt.Errorf("tag x: %w", &ensure.SpecError{Msg: "bad"})).Kind)
	assert.Equal(t, KindNotFound, ensureError(fmt.Errorf("tag x: parent: %w", &names.Error{Kind: names.KindNotFound, Msg: "no tag"})).Kind)
	assert.Equal(t, "tag x: parent: no tag", ensureError(fmt.Errorf("tag x: parent: %w", &names.Error{Kind: names.KindNotFound, Msg: "no tag"})).Message)
}

func mustKind(t *testing.T, name string) ensure.Kind {
	k, err := ensure.Lookup(name)
	require.NoError(t, err)
	return k
}
