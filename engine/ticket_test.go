package engine_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// syncBuffer is a bytes.Buffer safe for a logger's concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestVmTicket gets a console ticket through the generated VmService.Ticket: the value of a
// running VM's ticket arrives, a VM that is down gets a 409, and the value never reaches the
// debug trace.
func TestVmTicket(t *testing.T) {
	ctx := context.Background()
	var trace syncBuffer
	logger := slog.New(slog.NewTextHandler(&trace, &slog.HandlerOptions{Level: slog.LevelDebug}))
	conn, _ := enginetest.Start(t, enginetest.WithConn(func(o *engine.Options) { o.Logger = logger }))
	vms := conn.SystemService().VmsService()
	byName := map[string]string{}
	list, err := vms.List(ctx, nil)
	require.NoError(t, err)
	for _, vm := range list {
		byName[vm.GetName()] = vm.GetId()
	}
	require.Contains(t, byName, "vm1")
	require.Contains(t, byName, "vm2")

	tests := []struct {
		name   string
		vm     string
		params *engine.VmTicketParams
		value  string // "" for a generated one
		expiry int64
		err    string // the fault's detail, "" for success
	}{
		{name: "generated", vm: "vm1", expiry: 120},
		{name: "chosen", vm: "vm1", value: "client-chosen-secret",
			params: &engine.VmTicketParams{Ticket: &types.Ticket{Value: types.Ptr("client-chosen-secret"), Expiry: types.Ptr(int64(60))}},
			expiry: 60},
		{name: "down", vm: "vm2", err: "[Cannot set console ticket. VM is not running.]"},
	}
	var values []string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ticket, err := vms.VmService(byName[tt.vm]).Ticket(ctx, tt.params)
			if tt.err != "" {
				var e *engine.Error
				require.True(t, errors.As(err, &e), "%v", err)
				assert.Equal(t, engine.KindConflict, e.Kind)
				assert.Equal(t, 409, e.Code)
				assert.Equal(t, tt.err, e.Detail)
				assert.Nil(t, ticket)
				return
			}
			require.NoError(t, err)
			require.NotNil(t, ticket)
			require.NotEmpty(t, ticket.GetValue())
			if tt.value != "" {
				assert.Equal(t, tt.value, ticket.GetValue())
			}
			assert.Equal(t, tt.expiry, ticket.GetExpiry())
			values = append(values, ticket.GetValue())
		})
	}

	log := trace.String()
	require.Contains(t, log, "/ticket", "the trace shows the calls")
	assert.Contains(t, log, "<value>***</value>", "the trace shows where the ticket was")
	for _, v := range values {
		assert.NotContains(t, log, v, "a ticket value in the debug trace")
	}
}
