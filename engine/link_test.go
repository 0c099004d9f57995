package engine

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/ovirtsh/ovirtsh/engine/internal/xmlcodec"
	"github.com/ovirtsh/ovirtsh/engine/internal/xmlstream"
	"github.com/ovirtsh/ovirtsh/engine/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFollowLinks(t *testing.T) {
	fe := newFakeEngine(t)
	docs := map[string]string{
		"/ovirt-engine/api/vms/1": `<vm href="/ovirt-engine/api/vms/1" id="1"><name>web1</name>` +
			`<link href="/ovirt-engine/api/vms/1/nics" rel="nics"/>` +
			`<cluster href="/ovirt-engine/api/clusters/c1" id="c1"/><template id="t1"/></vm>`,
		"/ovirt-engine/api/vms/1/nics":  `<nics><nic id="n1"><name>nic1</name></nic><nic id="n2"><name>nic2</name></nic></nics>`,
		"/ovirt-engine/api/clusters/c1": `<cluster id="c1"><name>Default</name></cluster>`,
		"/ovirt-engine/api/vms/2/nics":  `<vm id="2"/>`,
	}
	fe.api = func(w http.ResponseWriter, r *http.Request) {
		doc, ok := docs[r.URL.Path]
		w.Header().Set("Content-Type", "application/xml")
		if !ok {
			w.WriteHeader(404)
			_, _ = io.WriteString(w, `<fault><reason>Operation Failed</reason><detail>Entity not found</detail></fault>`)
			return
		}
		_, _ = io.WriteString(w, doc)
	}
	c, _ := fe.connect(t, nil)
	ctx := context.Background()
	var vm *types.Vm
	require.NoError(t, c.do(ctx, &request{Method: http.MethodGet, Path: "vms/1"}, func(r *xmlstream.Reader) (err error) {
		vm, err = xmlcodec.ReadVm(r)
		return err
	}))
	require.NotNil(t, vm.Nics)
	assert.True(t, IsLink(vm.Nics))
	assert.True(t, IsLink(vm.Cluster))
	assert.True(t, IsLink(vm))
	assert.False(t, IsLink(vm.Template))
	assert.False(t, IsLink((*types.Cluster)(nil)))
	assert.False(t, IsLink("x"))

	nics, err := FollowLink(ctx, c, vm.Nics)
	require.NoError(t, err)
	require.Len(t, nics, 2)
	assert.Equal(t, "nic2", *nics[1].Name)

	cluster, err := FollowRef(ctx, c, vm.Cluster)
	require.NoError(t, err)
	assert.Equal(t, "Default", *cluster.Name)

	_, err = FollowRef(ctx, c, vm.Template)
	assert.Equal(t, `cannot follow the link of the Template "t1": it has no href`, err.Error())
	_, err = FollowRef(ctx, c, (*types.Cluster)(nil))
	assert.Equal(t, `cannot follow the link of the Cluster: it has no href`, err.Error())
	_, err = FollowLink(ctx, c, (*types.List[types.Nic])(nil))
	assert.Equal(t, `cannot follow the link of a list of Nic: it has no href`, err.Error())

	_, err = FollowLink(ctx, c, &types.List[types.Nic]{Href: "/api/vms/1/nics"})
	assert.Contains(t, err.Error(), `cannot follow the link: '/api/vms/1/nics' is not under the API root /ovirt-engine/api`)
	_, err = FollowLink(ctx, c, &types.List[types.Nic]{Href: "https://other.example/ovirt-engine/api/vms/1/nics"})
	assert.Contains(t, err.Error(), "is not on the connection's engine")
	nics, err = FollowLink(ctx, c, &types.List[types.Nic]{Href: fe.url() + "/vms/1/nics"})
	require.NoError(t, err)
	assert.Len(t, nics, 2)

	_, err = FollowLink(ctx, c, &types.List[types.Nic]{Href: "/ovirt-engine/api/vms/2/nics"})
	assert.Contains(t, requireKind(t, err, KindOther).Error(), "expected <nics>, got <vm>")
	_, err = FollowRef(ctx, c, &types.Cluster{Href: types.Ptr("/ovirt-engine/api/clusters/gone")})
	requireKind(t, err, KindNotFound)
}
