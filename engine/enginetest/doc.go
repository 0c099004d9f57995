// Package enginetest starts the simulator (engine/sim) and returns an engine.Connection logged
// into it, in one line, for tests of any layer above the engine client:
//
//	conn, srv := enginetest.Start(t)
//	vms, err := conn.SystemService().VmsService().List(ctx, nil)
//
// Both are closed by t.Cleanup. The simulator runs on a fast clock unless the options say
// otherwise, so asynchronous transitions (a VM powering up) take milliseconds.
//
// Import rule: enginetest imports engine and engine/sim; only tests import enginetest.
package enginetest
