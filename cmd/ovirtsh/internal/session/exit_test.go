package session

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine/sim"
)

// TestEngineFailuresMapToExitCodes: a 404, a name ovirt.get cannot find and a 409 each end a
// script with their own code; so do the kinds of errors Lua raises (a wait_for timeout is
// ExitComm as the Go side's timeout).
func TestEngineFailuresMapToExitCodes(t *testing.T) {
	calls := 0
	s, _ := newSession(t, Options{Connect: simConnector(t, sim.DefaultPassword, &calls)})
	for _, tc := range []struct {
		name, src string
		code      int
	}{
		{"engine 404", "system:vms_service():vm_service('junk'):get()", ExitNotFound},
		{"missing name", "require('ovirt').get('vms/nosuchvm')", ExitNotFound},
		{"engine 409", "local v = system:vms_service():list()[1]\n" +
			"system:vms_service():add{vm={name=v.name, cluster={name='Default'}, template={name='Blank'}}}", ExitConflict},
		{"engine 400", "system:vms_service():add{vm={name='x'}}", ExitScript},
		{"wait_for timeout", "local v = system:vms_service():list{search='name=vm1'}[1]\n" +
			"require('ovirt').wait_for(system:vms_service():vm_service(v.id), 'down', {timeout=0.001, interval=0.001})", ExitComm},
		{"a script's own not_found", "error(require('ovirt').error{kind='not_found', message='no such thing'})", ExitNotFound},
		{"a script's own timeout", "error(require('ovirt').error{kind='timeout', message='too slow'})", ExitComm},
		{"a plain error", "error('boom')", ExitScript},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Run(context.Background(), "x.lua", tc.src)
			require.Error(t, err)
			assert.Equal(t, tc.code, ExitCode(err), err.Error())
		})
	}
}
