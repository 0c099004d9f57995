package sim

import (
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// correlations remember which jobs each client correlation id started: a client sends
// correlation_id=X with a request and then searches the jobs for correlation_id=X.
type correlations struct {
	current string            // the correlation id of the write request in progress
	byJob   map[string]string // job id → correlation id
}

// correlate makes the correlation id of c's request (store write-locked) the one new jobs get,
// until the returned function is called.
func (c *call) correlate() (end func()) {
	c.st.jobsOf.current = c.query.Get("correlation_id")
	if c.st.jobsOf.current == "" {
		c.st.jobsOf.current = c.r.Header.Get("Correlation-Id")
	}
	return func() { c.st.jobsOf.current = "" }
}

// noteJob records the correlation id, if any, that job id was started under.
func (j *correlations) noteJob(id string) {
	if j.current == "" {
		return
	}
	if j.byJob == nil {
		j.byJob = map[string]string{}
	}
	j.byJob[id] = j.current
}

// jobCorrelation is the search attribute correlation_id of jobs.
func jobCorrelation(st *store, v any) []string {
	return nonEmpty(st.jobsOf.byJob[v.(*types.Job).GetId()])
}

// endingJob is a transition's extra step that finishes job id with it, so a client that sees the
// job finished sees the entity in its new state too.
func endingJob[T any](id string) func(st *store, v *T, now time.Time) {
	return func(st *store, _ *T, now time.Time) {
		endJob(st, st.lookup("jobs"), id, types.JobStatusFinished, now)
	}
}
