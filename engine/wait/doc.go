// Package wait waits for objects of the API to reach a state: one place that knows which
// member holds each type's state (StatusMember: "status" for a VM, "snapshot_status" for a
// snapshot, "phase" for an image transfer), which of its values mean failure, and how to poll.
//
//	vm, err := wait.For(ctx, vmService, []string{"up"}, wait.Options{Timeout: 5 * time.Minute})
//	err = wait.Gone(ctx, vmService, wait.Options{})            // until the engine answers 404
//	err = wait.Job(ctx, conn, correlationID, wait.Options{})    // the jobs an action started
//
// Failures are *Error (errors.As) with a Reason; a timeout also unwraps to an *engine.Error of
// KindTimeout and to context.DeadlineExceeded. Tests pass Options.Clock (the simulator's manual
// clock through AfterFuncClock) so that no wait depends on wall time.
package wait
