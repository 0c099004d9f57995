package engine_test

import (
	"bytes"
	"context"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

func TestIsSecretName(t *testing.T) {
	for name, want := range map[string]bool{
		"pw": true, "PW": true, "pwd": true, "pass": true, "password": true, "root_password": true,
		"RootPassword": true, "passphrase": true, "X-Auth-Token": true, "access_token": true,
		"client_secret": true, "credentials": true, "Authorization": true, "Proxy-Authorization": true,
		"Cookie": true, "Set-Cookie": true, "windows_license_key": true, "WindowsLicenseKey": true,
		"Ticket": true, "ticket": true, "ProxyTicket": true, "proxy-ticket": true, "private_key": true,
		"openstack_volume_authentication_key": true,
		"name":                                false, "id": false, "username": false, "passthrough": false, "compass": false,
		"ssh_public_key": false, "key_file": false, "requires_authentication": false, "ticket_id": false,
		"vms_service": false, "": false,
	} {
		assert.Equal(t, want, engine.IsSecretName(name), name)
	}
}

// TestMentionsSecret: the chunks issue 11 found in the REPL history, and ordinary ones.
func TestMentionsSecret(t *testing.T) {
	for chunk, want := range map[string]bool{
		`pw = 'hunter2'`:                                      true,
		`t = types.Ticket{value='abc'}`:                       true,
		`h = {Authorization='Basic dXNlcjpwdw=='}`:            true,
		`h = {['Authorization']='Basic x'}`:                   true,
		`vm.initialization.windows_license_key = 'ABCD-1234'`: true,
		`c = ovirt.connect{url=u, password=p}`:                true,
		`print(vm.name, vm.status)`:                           false,
		`x = 1`:                                               false,
		`system:vms_service():list{search='name=web*'}`:       false,
	} {
		assert.Equal(t, want, engine.MentionsSecret(chunk), chunk)
	}
}

// TestTraceMasksEveryNamedSecret: the debug trace masks windows_license_key and root_password in
// the body of an add, and keeps the rest of it.
func TestTraceMasksEveryNamedSecret(t *testing.T) {
	var trace bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&trace, &slog.HandlerOptions{Level: slog.LevelDebug}))
	conn, _ := enginetest.Start(t, enginetest.WithConn(func(o *engine.Options) { o.Logger = logger }))
	_, err := conn.SystemService().VmsService().Add(context.Background(), &types.Vm{
		Name:     types.Ptr("licensed"),
		Cluster:  &types.Cluster{Name: types.Ptr("Default")},
		Template: &types.Template{Name: types.Ptr("Blank")},
		Initialization: &types.Initialization{
			WindowsLicenseKey: types.Ptr("LICENSE-KEY-1234"),
			RootPassword:      types.Ptr("root-secret-5678"),
		},
	}, nil)
	require.NoError(t, err)
	log := trace.String()
	assert.NotContains(t, log, "LICENSE-KEY-1234")
	assert.NotContains(t, log, "root-secret-5678")
	assert.Contains(t, log, "<windows_license_key>***</windows_license_key>")
	assert.Contains(t, log, "<name>licensed</name>")
}
