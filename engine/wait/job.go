package wait

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// CorrelationID returns a new random correlation id (32 hex digits) to send with a request
// (query parameter correlation_id) whose jobs Job then waits for.
func CorrelationID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

// Job waits until every job the engine started for correlationID has ended, the way the SDK
// examples wait for an action: the jobs are searched by correlation id, and the wait is over
// when none is "started". A job that ended "failed" or "aborted" is a Failed *Error naming its
// description. Progress sees the description and status of the first unfinished job
// ("Starting VM web1: started"), then "finished". No job at all is success: the engine ran
// the action without one.
func Job(ctx context.Context, conn *engine.Connection, correlationID string, o Options) error {
	if correlationID == "" {
		return errors.New("wait: no correlation id to wait for")
	}
	if strings.ContainsAny(correlationID, "\"\\") {
		return fmt.Errorf("wait: correlation id %q: quotes and backslashes are not allowed", correlationID)
	}
	p, err := newPoller(o)
	if err != nil {
		return err
	}
	what := "the jobs of correlation id " + correlationID
	search := `correlation_id="` + correlationID + `"`
	jobs := conn.SystemService().JobsService()
	want := []string{string(types.JobStatusFinished)}
	for {
		list, err := jobs.List(ctx, &engine.JobsListParams{Search: &search})
		if err != nil {
			return fmt.Errorf("wait: %s: %w", what, err)
		}
		running, failed := summarize(list)
		switch {
		case running != nil:
			p.observe(describeJob(running))
		case failed != nil:
			p.observe(describeJob(failed))
			return &Error{Reason: Failed, What: "job '" + failed.GetDescription() + "'", Want: want,
				Last: string(failed.GetStatus()), Elapsed: p.elapsed(), Detail: "correlation id " + correlationID}
		default:
			p.observe(string(types.JobStatusFinished))
			return nil
		}
		if ok, err := p.sleep(ctx); err != nil {
			return fmt.Errorf("wait: %s: %w", what, err)
		} else if !ok {
			return timeoutError(what, want, p.last, p.elapsed(), p.timeout)
		}
	}
}

// summarize returns the first job still running and the first that failed or was aborted.
func summarize(list []*types.Job) (running, failed *types.Job) {
	for _, j := range list {
		switch j.GetStatus() {
		case types.JobStatusStarted, types.JobStatusUnknown, "":
			if running == nil {
				running = j
			}
		case types.JobStatusFailed, types.JobStatusAborted:
			if failed == nil {
				failed = j
			}
		}
	}
	return running, failed
}

func describeJob(j *types.Job) string {
	if d := j.GetDescription(); d != "" {
		return d + ": " + string(j.GetStatus())
	}
	return string(j.GetStatus())
}
