package engine_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestServiceByPath(t *testing.T) {
	conn := connectSim(t)
	for _, tc := range []struct {
		path, want, wantPath string
	}{
		{"", "*engine.SystemService", ""},
		{"vms", "*engine.VmsService", "vms"},
		{"/ovirt-engine/api/vms/123/nics", "*engine.VmNicsService", "vms/123/nics"},
		{"vms/123/diskattachments/9", "*engine.DiskAttachmentService", "vms/123/diskattachments/9"},
		{"datacenters/1/storagedomains", "*engine.AttachedStorageDomainsService", "datacenters/1/storagedomains"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			s, err := conn.Service(tc.path)
			require.NoError(t, err)
			assert.Equal(t, tc.want, typeName(s))
			assert.Equal(t, tc.wantPath, s.(interface{ Path() string }).Path())
		})
	}
	vm, err := engine.ServiceOf[*engine.VmService](conn, "vms/42")
	require.NoError(t, err)
	assert.Equal(t, "vms/42", vm.Path())
	_, err = engine.ServiceOf[*engine.VmService](conn, "vms")
	assert.ErrorContains(t, err, "not *engine.VmService")
	_, err = conn.Service("/other/api/vms")
	assert.ErrorContains(t, err, "not under the API root")
	_, err = conn.Service("https://elsewhere.example/ovirt-engine/api/vms")
	assert.ErrorContains(t, err, "not on the connection's engine")
	_, err = conn.Service("https://admin:S3CRET@elsewhere.example/ovirt-engine/api/vms")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "S3CRET", "a foreign href's credentials are never echoed")
	assert.NotContains(t, err.Error(), "admin@")
}

// TestServiceNamesForeignAddresses: an address off the connection's API is refused, quoted whole
// (a foreign host shows) but never with its user info or secret query values. The host is
// compared without case, the scheme too.
func TestServiceNamesForeignAddresses(t *testing.T) {
	conn := connectSim(t)
	api := conn.URL()
	notOurs := "is not on the connection's engine (" + api + ")"
	tests := []struct {
		name, href, want string
		hidden           []string // must not appear in the message
	}{
		{name: "other host", href: "http://evil.example/x", want: "'http://evil.example/x' " + notOurs},
		{name: "other host with the API path", href: "https://evil.example/ovirt-engine/api/vms/vm-1",
			want: "'https://evil.example/ovirt-engine/api/vms/vm-1' " + notOurs},
		{name: "other scheme", href: strings.Replace(api, "https:", "http:", 1) + "/vms/1",
			want: "'" + strings.Replace(api, "https:", "http:", 1) + "/vms/1' " + notOurs},
		{name: "user info is never shown", href: "https://admin:S3CRET@evil.example/x?a=1",
			want: "'https://evil.example/x?a=1' " + notOurs, hidden: []string{"S3CRET", "admin"}},
		{name: "secret query values are masked", href: "https://evil.example/x?access_token=S3CRET&b=2",
			want: "'https://evil.example/x?access_token=***&b=2' " + notOurs, hidden: []string{"S3CRET"}},
		{name: "same engine, path outside the API", href: strings.TrimSuffix(api, "/ovirt-engine/api") + "/elsewhere/vms/1",
			want: "/elsewhere/vms/1' is not under the API root /ovirt-engine/api"},
		{name: "unparsable with user info", href: "https://u:S3CRET@evil.example/%zz",
			want: "bad address '(not shown: it does not parse and may hold credentials)'", hidden: []string{"S3CRET"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := conn.Service(tt.href)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			_, ferr := engine.FollowLink(context.Background(), conn, &types.List[types.Nic]{Href: tt.href})
			require.Error(t, ferr)
			assert.Contains(t, ferr.Error(), "cannot follow the link: ")
			assert.Contains(t, ferr.Error(), tt.want)
			for _, h := range tt.hidden {
				assert.NotContains(t, err.Error(), h)
				assert.NotContains(t, ferr.Error(), h)
			}
		})
	}
	upper := strings.Replace(api, "https://", "HTTPS://", 1)
	s, err := conn.Service(upper + "/vms")
	require.NoError(t, err, "the scheme and host compare without case")
	assert.Equal(t, "vms", s.(interface{ Path() string }).Path())
}

func typeName(v any) string { return fmt.Sprintf("%T", v) }

// TestDotSegmentsAreNeverSent: an id or href with a "." or ".." segment (raw, percent-encoded or
// inside a path) is refused before anything is sent, naming the id: a path-normalising front end
// would turn DELETE vms/X/nics/.. into DELETE vms/X.
func TestDotSegmentsAreNeverSent(t *testing.T) {
	var log enginetest.RequestLog
	conn, _ := enginetest.Start(t, enginetest.WithRequestLog(&log))
	ctx := context.Background()
	vms, err := conn.SystemService().VmsService().List(ctx, nil)
	require.NoError(t, err)
	require.NotEmpty(t, vms)
	vm := conn.SystemService().VmsService().VmService(vms[0].GetId())
	sent := log.Len()
	for _, id := range []string{"..", ".", "%2e%2e", "%2E.", ".%2e", "%252e%252e", "../x", "..%2Fx", `..\x`, ""} {
		t.Run(id, func(t *testing.T) {
			err := vm.NicsService().NicService(id).Remove(ctx, nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), fmt.Sprintf("id %q", id))
			var e *engine.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, engine.KindOther, e.Kind)
			assert.ErrorContains(t, engine.CheckID(id), fmt.Sprintf("%q", id))
		})
	}
	for _, path := range []string{"vms/1/nics/..", "vms/%2e%2e", "/ovirt-engine/api/vms/1/%2E%2E", conn.URL() + "/vms/."} {
		_, err := conn.Service(path)
		assert.ErrorContains(t, err, "refusing the id", path)
	}
	for _, href := range []string{vm.Path() + "/nics/..", "/ovirt-engine/api/vms/%2e%2e/nics", conn.URL() + "/vms/./nics"} {
		if !strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "http") {
			href = "/ovirt-engine/api/" + href
		}
		_, err := engine.FollowLink(ctx, conn, &types.List[types.Nic]{Href: href})
		assert.ErrorContains(t, err, "refusing the id", href)
	}
	assert.Equal(t, sent, log.Len(), "nothing was sent: %v", log.Requests()[sent:])
	_, err = vm.Get(ctx, nil)
	require.NoError(t, err, "the VM is still there")

	// Dots inside an id are fine, and sent.
	assert.NoError(t, engine.CheckID("a..b"))
	_, err = vm.NicsService().NicService("a..b").Get(ctx, nil)
	var e *engine.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, engine.KindNotFound, e.Kind)
	assert.Equal(t, "GET /ovirt-engine/api/"+vm.Path()+"/nics/a..b", log.Last().String())
}
