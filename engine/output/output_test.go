package output_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/output"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

var now = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

func write(t *testing.T, v any, o output.Options) string {
	t.Helper()
	if o.Now.IsZero() {
		o.Now = now
	}
	var b bytes.Buffer
	require.NoError(t, output.Write(&b, v, o))
	return b.String()
}

// sampleVM has a member of every kind: integers (a size), booleans, a date, an enum, a
// reference with and without a name, a followed list link, a link not followed, a plain list.
func sampleVM() *types.Vm {
	return &types.Vm{
		Href: types.Ptr("/ovirt-engine/api/vms/1"), Id: types.Ptr("1"), Name: types.Ptr("web1"),
		Memory: types.Ptr(int64(4 << 30)), Stateless: types.Ptr(false), Status: types.Ptr(types.VmStatusUp),
		CreationTime:     types.Ptr(now.Add(-2 * time.Hour)),
		Cpu:              &types.Cpu{Topology: &types.CpuTopology{Cores: types.Ptr(int64(2))}},
		Cluster:          &types.Cluster{Id: types.Ptr("c1"), Name: types.Ptr("Default")},
		Host:             &types.Host{Id: types.Ptr("h1")},
		Nics:             types.ListOf(&types.Nic{Name: types.Ptr("nic1")}, &types.Nic{Name: types.Ptr("nic2")}),
		DiskAttachments:  &types.List[types.DiskAttachment]{Href: "/ovirt-engine/api/vms/1/diskattachments"},
		CustomProperties: []*types.CustomProperty{{Name: types.Ptr("a"), Value: types.Ptr("b")}},
		Actions:          []*types.Link{{Href: "/ovirt-engine/api/vms/1/start", Rel: "start"}},
	}
}

func TestCell(t *testing.T) {
	vm := sampleVM()
	for _, tc := range []struct{ path, want string }{
		{"name", "web1"},
		{"memory", "4 GiB"},
		{"stateless", "false"},
		{"status", "up"},
		{"creation_time", "2 h ago"},
		{"cpu.topology.cores", "2"},
		{"cluster", "Default"},      // a reference by its name
		{"host", "h1"},              // else by its id
		{"cluster.id", "c1"},        // a member path through it
		{"nics", "nic1, nic2"},      // a followed list link
		{"nics.name", "nic1, nic2"}, // a path through a list
		{"disk_attachments", ""},    // a link not followed
		{"custom_properties", "a"},  // items by name
		{"description", ""},         // unset
		{"no_such_member", ""},
		{"name.x", ""},
	} {
		t.Run(tc.path, func(t *testing.T) {
			assert.Equal(t, tc.want, output.Cell(vm, tc.path, now))
		})
	}
	assert.Equal(t, "4.7", output.Cell(&types.Cluster{Version: &types.Version{Major: types.Ptr(int64(4)), Minor: types.Ptr(int64(7))}}, "version", now))
	assert.Equal(t, "x", output.Cell(map[string]any{"a": map[string]any{"b": "x"}}, "a.b", now))
	for f, want := range map[float64]string{2.147483648e+09: "2147483648", 15.92318725489243: "15.92", 0.5: "0.5", 1e300: "1e+300"} {
		assert.Equal(t, want, output.Cell(map[string]any{"f": f}, "f", now))
	}
}

func TestRelativeDates(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{-30 * time.Second, "30 s ago"}, {-5 * time.Minute, "5 min ago"}, {-2 * time.Hour, "2 h ago"},
		{-47 * time.Hour, "47 h ago"}, {-72 * time.Hour, "3 d ago"}, {90 * time.Minute, "in 1 h"},
		{-40 * 24 * time.Hour, "2026-10-23 12:00 UTC"},
	} {
		ev := &types.Event{Time: types.Ptr(now.Add(tc.d))}
		assert.Equal(t, tc.want, output.Cell(ev, "time", now), tc.d)
	}
}

func TestTable(t *testing.T) {
	vms := []*types.Vm{sampleVM(), {Name: types.Ptr("db"), Status: types.Ptr(types.VmStatusDown), Memory: types.Ptr(int64(1536 << 20))}}
	assert.Equal(t, `name  status  cluster  host  memory   cpu.topology.cores  id
web1  up      Default  h1    4 GiB    2                   1
db    down                   1.5 GiB
`, write(t, vms, output.Options{}))
	assert.Equal(t, "name  nics\nweb1  nic1, nic2\ndb\n", write(t, vms, output.Options{Columns: []string{"name", "nics"}}))
	// a *types.List and a []any of one type print the same
	assert.Equal(t, write(t, vms, output.Options{}), write(t, types.ListOf(vms...), output.Options{}))
	assert.Equal(t, write(t, vms, output.Options{}), write(t, []any{vms[0], vms[1]}, output.Options{}))
	// one object: the people's form (TestView); with columns, one row
	assert.True(t, strings.HasPrefix(write(t, vms[0], output.Options{}), "Vm web1\n  cluster: Default (c1)\n"))
	assert.Equal(t, "name  memory\nweb1  4 GiB\n", write(t, vms[0], output.Options{Columns: []string{"name", "memory"}}))
	// plain values
	assert.Equal(t, "name  id  size\na     1   2\nb\n", write(t, []any{map[string]any{"name": "a", "id": int64(1), "size": 2.0}, map[string]any{"name": "b"}}, output.Options{}))
	assert.Equal(t, "hello\n", write(t, "hello", output.Options{}))
	assert.Equal(t, "42\n", write(t, int64(42), output.Options{}))
	assert.Equal(t, "", write(t, nil, output.Options{}))
}

func TestEmptyList(t *testing.T) {
	for _, tc := range []struct {
		v                     any
		table, json, api, csv string
	}{
		{[]*types.Vm{}, "(no vms)\n", "[]\n", "{\n  \"vm\": []\n}\n", "name,status,cluster,host,memory,cpu.topology.cores,id\n"},
		{[]*types.Host(nil), "(no hosts)\n", "[]\n", "{\n  \"host\": []\n}\n", "name,status,cluster,address,memory,summary.active,id\n"},
		{&types.List[types.Nic]{Href: "/x"}, "(no nics)\n", "[]\n", "{\n  \"nic\": []\n}\n", "name,interface,mac.address,plugged,linked,vnic_profile,id\n"},
		{[]any{}, "(no items)\n", "[]\n", "[]\n", ""},
		{[]*types.AffinityLabel{}, "(no affinity labels)\n", "[]\n", "{\n  \"affinity_label\": []\n}\n", "name,read_only,id\n"},
	} {
		assert.Equal(t, tc.table, write(t, tc.v, output.Options{Format: output.Table}))
		assert.Equal(t, tc.json, write(t, tc.v, output.Options{Format: output.JSON}))
		assert.Equal(t, tc.api, write(t, tc.v, output.Options{Format: output.APIJSON}))
		if tc.csv != "" {
			assert.Equal(t, tc.csv, write(t, tc.v, output.Options{Format: output.CSV}))
		}
	}
}

// TestJSONTypes parses the typed JSON back and checks the Go type of each member.
func TestJSONTypes(t *testing.T) {
	text := write(t, []*types.Vm{sampleVM()}, output.Options{Format: output.JSON})
	var got []map[string]any
	require.NoError(t, json.Unmarshal([]byte(text), &got))
	require.Len(t, got, 1)
	vm := got[0]
	assert.Equal(t, "web1", vm["name"])
	assert.Equal(t, float64(4<<30), vm["memory"])
	assert.Equal(t, false, vm["stateless"])
	assert.Equal(t, "up", vm["status"])
	assert.Equal(t, "/ovirt-engine/api/vms/1", vm["href"])
	ct, err := time.Parse(time.RFC3339, vm["creation_time"].(string))
	require.NoError(t, err)
	assert.True(t, ct.Equal(now.Add(-2*time.Hour)))
	assert.Equal(t, map[string]any{"topology": map[string]any{"cores": float64(2)}}, vm["cpu"])
	assert.Equal(t, []any{map[string]any{"name": "nic1"}, map[string]any{"name": "nic2"}}, vm["nics"])
	assert.Equal(t, []any{map[string]any{"name": "a", "value": "b"}}, vm["custom_properties"])
	assert.NotContains(t, vm, "disk_attachments") // a link not followed
	assert.NotContains(t, vm, "actions")
	assert.NotContains(t, vm, "description") // unset

	b, err := output.AppendJSON(nil, map[string]any{"n": 1.5, "l": []any{true, nil, "x"}, "vm": &types.Vm{Id: types.Ptr("1")}})
	require.NoError(t, err)
	assert.Equal(t, `{"l":[true,null,"x"],"n":1.5,"vm":{"id":"1"}}`, string(b))
	_, err = output.AppendJSON(nil, []any{1.0, map[string]any{"x": nan()}})
	assert.ErrorContains(t, err, "[1]: x: json: NaN has no JSON form")
}

func nan() float64 { z := 0.0; return z / z }

// TestAPIJSON is the engine's own form, as engine/jsoncodec writes it.
func TestAPIJSON(t *testing.T) {
	text := write(t, []*types.Vm{{Id: types.Ptr("1"), Memory: types.Ptr(int64(5)), Stateless: types.Ptr(true)}}, output.Options{Format: output.APIJSON})
	var got map[string][]map[string]any
	require.NoError(t, json.Unmarshal([]byte(text), &got))
	assert.Equal(t, map[string][]map[string]any{"vm": {{"id": "1", "memory": "5", "stateless": "true"}}}, got)
}

func TestCSV(t *testing.T) {
	vms := []*types.Vm{
		{Name: types.Ptr(`a,"b"`), Description: types.Ptr("line1\nline2"), Memory: types.Ptr(int64(1 << 30)), CreationTime: types.Ptr(now)},
	}
	assert.Equal(t, "name,description,memory,creation_time\n"+
		`"a,""b""",line1\x0aline2,1073741824,2026-12-02T12:00:00Z`+"\n",
		write(t, vms, output.Options{Format: output.CSV, Columns: []string{"name", "description", "memory", "creation_time"}}))
	assert.Equal(t, "f\n15.92318725489243\n2147483648\n", write(t, []any{map[string]any{"f": 15.92318725489243}, map[string]any{"f": 2.147483648e+09}},
		output.Options{Format: output.CSV}))
	assert.Equal(t, "name,memory\nx,1073741824\n", write(t, &types.Vm{Name: types.Ptr("x"), Memory: types.Ptr(int64(1 << 30))},
		output.Options{Format: output.CSV, Columns: []string{"name", "memory"}}))
	err := output.Write(&bytes.Buffer{}, "text", output.Options{Format: output.CSV})
	assert.ErrorContains(t, err, "csv: expected objects or a list of them, got string")
}

func TestPrintableCells(t *testing.T) {
	evil := "evil\x1b]0;PWNED\x07\u202e\u009b"
	vms := []*types.Vm{{Name: types.Ptr(evil), Description: types.Ptr("x\xffy")}}
	for _, f := range []output.Format{output.Table, output.CSV} {
		out := write(t, vms, output.Options{Format: f, Columns: []string{"name", "description"}})
		assert.Contains(t, out, `evil\x1b]0;PWNED\x07\u202e\u009b`)
		assert.Contains(t, out, `x\xffy`)
		assert.NotContains(t, out, "\x1b")
	}
	out := write(t, vms[0], output.Options{})
	assert.NotContains(t, out, "\x1b")
	assert.Contains(t, out, "Vm evil\\x1b]0;PWNED\\x07\\u202e\\u009b\n")
	assert.Contains(t, out, `name: evil\x1b]0;PWNED\x07\u202e\u009b`)
	dump := string(output.AppendNested(nil, 0, "", vms[0]))
	assert.NotContains(t, dump, "\x1b")
	assert.Contains(t, dump, `name: "evil\x1b]0;PWNED\a\u202e\u009b"`)
}

func TestUnknownColumn(t *testing.T) {
	for col, want := range map[string]string{
		"nmae":              `unknown column "nmae": Vm has no member 'nmae'; did you mean 'name'?`,
		"cpu.topology.cors": `unknown column "cpu.topology.cors": CpuTopology has no member 'cors'; did you mean 'cores'?`,
		"name.first":        `unknown column "name.first": name is not an object with members`,
	} {
		err := output.Write(&bytes.Buffer{}, []*types.Vm{}, output.Options{Columns: []string{col}})
		assert.EqualError(t, err, want)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]output.Format{"table": output.Table, "JSON": output.JSON, "csv": output.CSV, "api-json": output.APIJSON} {
		f, err := output.ParseFormat(in)
		require.NoError(t, err)
		assert.Equal(t, want, f)
	}
	_, err := output.ParseFormat("jsno")
	assert.EqualError(t, err, `unknown output format "jsno" (expected table, json, csv, api-json); did you mean 'json'?`)
	err = output.Write(&bytes.Buffer{}, nil, output.Options{Format: "yaml"})
	assert.ErrorContains(t, err, `unknown output format "yaml"`)
}

// TestJQ feeds typed JSON to jq: `.[].name` gives the names and arithmetic works on numbers.
func TestJQ(t *testing.T) {
	text := write(t, []*types.Vm{sampleVM(), {Name: types.Ptr("db"), Memory: types.Ptr(int64(1 << 30))}}, output.Options{Format: output.JSON})
	var vms []struct {
		Name   string `json:"name"`
		Memory int64  `json:"memory"`
	}
	require.NoError(t, json.Unmarshal([]byte(text), &vms)) // the check that runs without jq
	assert.Equal(t, "db", vms[1].Name)
	assert.Equal(t, int64(1<<30), vms[1].Memory)

	jq, err := exec.LookPath("jq")
	if err != nil {
		t.Skip("jq is not installed (apt-get install jq); the encoding/json check above ran")
	}
	for _, tc := range []struct{ filter, want string }{
		{".[].name", "web1\ndb\n"},
		{"map(.memory) | add / 1073741824", "5\n"},
		{".[0].stateless | not", "true\n"},
		{".[0].nics | length", "2\n"},
	} {
		cmd := exec.Command(jq, "-r", tc.filter)
		cmd.Stdin = strings.NewReader(text)
		out, err := cmd.Output()
		require.NoError(t, err, tc.filter)
		assert.Equal(t, tc.want, string(out), tc.filter)
	}
}

// TestView: one object in a table is for people: references on one line (by name when the
// engine sent it), sizes and dates as in cells, no hrefs, no links not followed, no empty
// strings; ovirt.dump's nested form keeps all of them.
func TestView(t *testing.T) {
	vm := sampleVM()
	vm.Description = types.Ptr("")
	vm.Os = &types.OperatingSystem{Boot: &types.Boot{Devices: []types.BootDevice{types.BootDeviceHd, types.BootDeviceNetwork}}}
	vm.Nics = types.ListOf(&types.Nic{Id: types.Ptr("n1"), Name: types.Ptr("nic1")}, &types.Nic{Id: types.Ptr("n2")})
	assert.Equal(t, `Vm web1
  cluster: Default (c1)
  cpu:
    topology:
      cores: 2
  creation_time: 2 h ago
  custom_properties:
    -
      name: a
      value: b
  host: h1
  id: 1
  memory: 4 GiB
  name: web1
  nics:
    - nic1 (n1)
    - n2
  os:
    boot:
      devices: hd, network
  stateless: false
  status: up
`, write(t, vm, output.Options{Format: output.Table}))
	dump := string(output.AppendNested(nil, 0, "", vm))
	for _, s := range []string{"href: /ovirt-engine/api/vms/1", "disk_attachments: link /ovirt-engine/api/vms/1/diskattachments", `description: ""`, "memory: 4294967296"} {
		assert.Contains(t, dump, s)
	}
}

// TestJSONColumns: json with columns keeps only those members, in their place (jq paths do not
// change); a path through a list keeps the list; an unknown column is an error.
func TestJSONColumns(t *testing.T) {
	vms := []*types.Vm{sampleVM()}
	got := write(t, vms, output.Options{Format: output.JSON, Columns: []string{"name", "cpu.topology.cores", "cluster.name", "nics.name", "memory"}})
	assert.JSONEq(t, `[{"name": "web1", "cpu": {"topology": {"cores": 2}}, "cluster": {"name": "Default"},
		"nics": [{"name": "nic1"}, {"name": "nic2"}], "memory": 4294967296}]`, got)
	assert.JSONEq(t, `{"name": "web1", "status": "up"}`, write(t, vms[0], output.Options{Format: output.JSON, Columns: []string{"name", "status"}}))
	assert.JSONEq(t, `[]`, write(t, []*types.Vm{}, output.Options{Format: output.JSON, Columns: []string{"name"}}))
	err := output.Write(&bytes.Buffer{}, vms, output.Options{Format: output.JSON, Columns: []string{"nmae"}})
	assert.ErrorContains(t, err, `unknown column "nmae": Vm has no member 'nmae'; did you mean 'name'?`)
}
