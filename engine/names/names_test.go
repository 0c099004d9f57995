package names_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/names"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// env is a simulator with its request log and a few ids of the seeded inventory.
type env struct {
	conn  *engine.Connection
	log   *enginetest.RequestLog
	vm1   string
	nic1  string
	dc    string
	clust string
}

func start(t *testing.T) *env {
	t.Helper()
	e := &env{log: &enginetest.RequestLog{}}
	e.conn, _ = enginetest.Start(t, enginetest.WithRequestLog(e.log))
	ctx := context.Background()
	sys := e.conn.SystemService()
	vms, err := sys.VmsService().List(ctx, &engine.VmsListParams{Search: types.Ptr("name=vm1")})
	require.NoError(t, err)
	require.Len(t, vms, 1)
	e.vm1 = vms[0].GetId()
	nics, err := sys.VmsService().VmService(e.vm1).NicsService().List(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, nics)
	e.nic1 = nics[0].GetId()
	dcs, err := sys.DataCentersService().List(ctx, nil)
	require.NoError(t, err)
	e.dc = dcs[0].GetId()
	cls, err := sys.ClustersService().List(ctx, nil)
	require.NoError(t, err)
	e.clust = cls[0].GetId()
	return e
}

// sent runs f and returns the requests it sent.
func (e *env) sent(f func()) []string {
	n := e.log.Len()
	f()
	var out []string
	for _, r := range e.log.Requests()[n:] {
		path, _, _ := strings.Cut(r.URI, "?")
		out = append(out, r.Method+" "+path)
	}
	return out
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return c
}

func TestGetPaths(t *testing.T) {
	e := start(t)
	api := "/ovirt-engine/api/"
	cases := []struct {
		name, path string
		typ        string
		id         func() string
		reqs       []string
	}{
		{"vm by name: one search", "vms/vm1", "Vm", func() string { return e.vm1 }, []string{"GET " + api + "vms"}},
		{"vm by id: one get", "vms/" + e.vm1, "Vm", func() string { return e.vm1 }, []string{"GET " + api + "vms/" + e.vm1}},
		{"trailing and leading slashes", "/vms/vm1/", "Vm", func() string { return e.vm1 }, []string{"GET " + api + "vms"}},
		{"nic of a vm: a search, then a list (nics have no search)", "vms/vm1/nics/nic1", "Nic", func() string { return e.nic1 },
			[]string{"GET " + api + "vms", "GET " + api + "vms/" + e.vm1 + "/nics"}},
		{"storage domain by locator path", "storagedomains/iso1", "StorageDomain", nil, []string{"GET " + api + "storagedomains"}},
		{"nested data center cluster", "datacenters/Default/clusters/Default", "Cluster", func() string { return e.clust },
			[]string{"GET " + api + "datacenters", "GET " + api + "datacenters/" + e.dc + "/clusters"}},
		{"locator snake name", "storage_domains/data1", "StorageDomain", nil, []string{"GET " + api + "storagedomains"}},
		{"host", "hosts/host2", "Host", nil, []string{"GET " + api + "hosts"}},
		{"template by name", "templates/Blank", "Template", func() string { return "00000000-0000-0000-0000-000000000000" }, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var ent *names.Entity
			reqs := e.sent(func() {
				var err error
				ent, err = names.Get(ctx(t), e.conn, tc.path)
				require.NoError(t, err)
			})
			require.NotNil(t, ent.Value)
			assert.Equal(t, tc.typ, ent.Type.Name)
			assert.Equal(t, "*types."+tc.typ, fmt.Sprintf("%T", ent.Value))
			if tc.id != nil {
				assert.Equal(t, tc.id(), ent.ID)
			}
			assert.Equal(t, ent.ID, ent.Value.(interface{ GetId() string }).GetId())
			if tc.reqs != nil {
				assert.Equal(t, tc.reqs, reqs)
			}
		})
	}
}

func TestServiceSendsOnlyForNames(t *testing.T) {
	e := start(t)
	var ent *names.Entity
	reqs := e.sent(func() {
		var err error
		ent, err = names.Service(ctx(t), e.conn, "vms/"+e.vm1+"/nics/"+e.nic1)
		require.NoError(t, err)
	})
	assert.Empty(t, reqs, "ids need no request")
	assert.Nil(t, ent.Value)
	svc, ok := ent.Service.(*engine.VmNicService)
	require.True(t, ok, "%T", ent.Service)
	assert.Equal(t, "vms/"+e.vm1+"/nics/"+e.nic1, svc.Path())

	reqs = e.sent(func() {
		var err error
		ent, err = names.Service(ctx(t), e.conn, "vms/vm2")
		require.NoError(t, err)
	})
	assert.Len(t, reqs, 1)
	assert.IsType(t, &engine.VmService{}, ent.Service)
	assert.Nil(t, ent.Value)
}

func TestLookupInCollectionService(t *testing.T) {
	e := start(t)
	vms := e.conn.SystemService().VmsService()
	ent, err := names.Lookup(ctx(t), vms, "vm1", true)
	require.NoError(t, err)
	assert.Equal(t, e.vm1, ent.ID)
	assert.Equal(t, "vm1", *ent.Value.(*types.Vm).Name)

	coll, err := names.Collection(ctx(t), e.conn, "vms/vm1/nics")
	require.NoError(t, err)
	ent, err = names.Lookup(ctx(t), coll, "nic1", false)
	require.NoError(t, err)
	assert.Equal(t, e.nic1, ent.ID)

	_, err = names.Lookup(ctx(t), e.conn.SystemService().VmsService().VmService(e.vm1), "x", false)
	assertKind(t, err, names.KindBadPath, "vms/"+e.vm1+" (VmService) is not a collection of entities")
	_, err = names.Lookup(ctx(t), nil, "x", false)
	assertKind(t, err, names.KindBadPath, "<nil> is not a service of the API")
	_, err = names.Lookup(ctx(t), (*engine.VmsService)(nil), "x", false)
	assertKind(t, err, names.KindBadPath, "*engine.VmsService is not a service of the API")
	_, err = names.Lookup(ctx(t), "vms", "x", false)
	assertKind(t, err, names.KindBadPath, "string is not a service of the API")
	_, err = names.Lookup(ctx(t), vms, "", false)
	assertKind(t, err, names.KindBadPath, "empty segment")
}

func TestNotFound(t *testing.T) {
	e := start(t)
	cases := []struct {
		name, path, msg string
		near            []string
		reqs            int
	}{
		{"missing vm: search, then the names", "vms/vm3", "no VM named 'vm3' in vms; did you mean 'vm1' or 'vm2'?", []string{"vm1", "vm2"}, 2},
		{"case differs", "vms/VM1", "no VM named 'VM1' in vms; did you mean 'vm1'?", []string{"vm1"}, 2},
		{"far from every name", "vms/zzzzzzzz", "no VM named 'zzzzzzzz' in vms", nil, 2},
		{"missing nic: one list", "vms/" + e.vm1 + "/nics/nic9", "no NIC named 'nic9'", []string{"nic1"}, 1},
		{"missing data center", "datacenters/Defualt/clusters/Default", "no data center named 'Defualt' in datacenters; did you mean 'Default'?", []string{"Default"}, 2},
		{"missing id", "vms/11111111-2222-3333-4444-555555555555", "no VM with id '11111111-2222-3333-4444-555555555555' in vms", nil, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			reqs := e.sent(func() { _, err = names.Get(ctx(t), e.conn, tc.path) })
			ne := assertKind(t, err, names.KindNotFound, tc.msg)
			assert.Equal(t, tc.near, ne.Names)
			assert.Len(t, reqs, tc.reqs)
		})
	}
	_, err := names.Get(ctx(t), e.conn, "vms/11111111-2222-3333-4444-555555555555")
	var ee *engine.Error
	require.ErrorAs(t, err, &ee, "the engine's 404 is the cause")
	assert.Equal(t, engine.KindNotFound, ee.Kind)
}

func TestDuplicateNames(t *testing.T) {
	e := start(t)
	c := ctx(t)
	sds, err := e.conn.SystemService().StorageDomainsService().List(c, &engine.StorageDomainsListParams{Search: types.Ptr("name=data1")})
	require.NoError(t, err)
	require.Len(t, sds, 1)
	var ids []string
	for range 2 {
		d, err := e.conn.SystemService().DisksService().Add(c, &types.Disk{Name: types.Ptr("twin"),
			Format: types.Ptr(types.DiskFormatRaw), ProvisionedSize: types.Ptr(int64(1 << 20)),
			StorageDomains: types.ListOf(&types.StorageDomain{Id: sds[0].Id})}, nil)
		require.NoError(t, err)
		ids = append(ids, d.GetId())
	}
	reqs := e.sent(func() { _, err = names.Get(c, e.conn, "disks/twin") })
	ne := assertKind(t, err, names.KindAmbiguous, "2 disks are named 'twin' in disks: give one of their ids")
	assert.ElementsMatch(t, ids, ne.Names)
	for _, id := range ids {
		assert.Contains(t, err.Error(), id)
	}
	assert.Len(t, reqs, 1)

	ent, err := names.Get(c, e.conn, "disks/"+ids[1])
	require.NoError(t, err, "an id picks one of them")
	assert.Equal(t, ids[1], ent.ID)
}

func TestBadPaths(t *testing.T) {
	e := start(t)
	cases := []struct {
		name, path string
		msg        string
	}{
		{"unknown collection lists them", "xyzzyxyz/web1", "no collection 'xyzzyxyz' at the top (affinitylabels, "},
		{"unknown collection suggests", "vmz/web1", "no collection 'vmz' at the top; did you mean 'vms'?"},
		{"unknown sub-collection", "vms/vm1/nisc/nic1", "no collection 'nisc' under 'vms/vm1'; did you mean 'nics'?"},
		{"sub-collection lists them", "vms/vm1/xyzzyxyz/nic1", "under 'vms/vm1' (affinitylabels, applications, "},
		{"not a collection (no list)", "externalvmimports/x", "no collection 'externalvmimports' at the top ("},
		{"not a collection (no locator by id)", "hosts/host1/cpuunits/x", "no collection 'cpuunits' under 'hosts/host1' ("},
		{"odd segment count", "vms", "the path 'vms' ends with the collection 'vms': add a name or id ('vms/NAME')"},
		{"odd nested", "vms/vm1/nics", "ends with the collection 'nics'"},
		{"empty path", "", "the path is empty"},
		{"empty segment", "vms//vm1", "the path 'vms//vm1' has an empty segment"},
		{"dot dot", "vms/vm1/../vm2", "the segment '..' is a dot segment"},
		{"dot", "vms/.", "the segment '.' is a dot segment"},
		{"encoded dot dot", "vms/%2e%2e", "is a dot segment"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			reqs := e.sent(func() { _, err = names.Get(ctx(t), e.conn, tc.path) })
			assertKind(t, err, names.KindBadPath, tc.msg)
			if tc.name != "odd nested" {
				assert.Empty(t, reqs, "a bad path sends nothing")
			}
		})
	}
	_, err := names.Collection(ctx(t), e.conn, "vms/vm1")
	assertKind(t, err, names.KindBadPath, "the path 'vms/vm1' ends with the entity 'vm1', not with a collection")
}

func TestSearchQuoting(t *testing.T) {
	e := start(t)
	c := ctx(t)
	vms := e.conn.SystemService().VmsService()
	for _, n := range []string{`my vm`, `say "hi"`, `a*b`, `ab`} {
		_, err := vms.Add(c, &types.Vm{Name: types.Ptr(n), Cluster: &types.Cluster{Name: types.Ptr("Default")},
			Template: &types.Template{Name: types.Ptr("Blank")}}, nil)
		require.NoError(t, err, n)
	}
	for _, n := range []string{`my vm`, `say "hi"`, `a*b`} {
		var ent *names.Entity
		reqs := e.sent(func() {
			var err error
			ent, err = names.Lookup(c, vms, n, true)
			require.NoError(t, err, n)
		})
		assert.Equal(t, n, *ent.Value.(*types.Vm).Name, "a wildcard in the search does not match another name")
		assert.Len(t, reqs, 1, n)
	}
}

func TestLabel(t *testing.T) {
	for name, want := range map[string]string{"Vm": "VM", "DataCenter": "data center", "StorageDomain": "storage domain",
		"Nic": "NIC", "Host": "host", "VnicProfile": "VNIC profile"} {
		assert.Equal(t, want, names.Label(types.Type(name)), name)
	}
}

func TestIsID(t *testing.T) {
	assert.True(t, names.IsID("123e4567-e89b-12d3-a456-426614174000"))
	assert.True(t, names.IsID("00000000-0000-0000-0000-000000000000"))
	assert.False(t, names.IsID("web1"))
	assert.False(t, names.IsID("123e4567-e89b-12d3-a456-42661417400"))
	assert.False(t, names.IsID("123e4567e89b12d3a456426614174000"))
}

func assertKind(t *testing.T, err error, kind names.ErrorKind, msg string) *names.Error {
	t.Helper()
	var ne *names.Error
	require.True(t, errors.As(err, &ne), "want a *names.Error, got %T %v", err, err)
	assert.Equal(t, kind, ne.Kind)
	assert.Contains(t, err.Error(), msg)
	return ne
}

// TestSearchRefusedFallsBackToList runs against an engine that answers 400 to every search (as
// an engine does for a collection whose search has no name attribute): the lookup lists instead.
func TestSearchRefusedFallsBackToList(t *testing.T) {
	_, srv := enginetest.Start(t)
	var searches atomic.Int32
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("search") {
			searches.Add(1)
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = io.WriteString(w, `<fault><reason>Operation Failed</reason><detail>Invalid search</detail></fault>`)
			return
		}
		srv.Handler().ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	user, pw := srv.Credentials()
	conn, err := engine.Connect(ctx(t), engine.Options{URL: ts.URL + "/ovirt-engine/api", Insecure: true,
		Username: user, Password: pw, Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(context.Background()) })

	ent, err := names.Get(ctx(t), conn, "vms/vm2")
	require.NoError(t, err)
	assert.Equal(t, "vm2", *ent.Value.(*types.Vm).Name)
	assert.Equal(t, int32(1), searches.Load())

	_, err = names.Get(ctx(t), conn, "vms/vm3")
	assertKind(t, err, names.KindNotFound, "no VM named 'vm3' in vms; did you mean 'vm1' or 'vm2'?")
	assert.Equal(t, int32(2), searches.Load(), "one search per lookup, then lists")
}
