package sim

import (
	"slices"
	"strconv"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// maxEvents bounds the event log; the oldest events are dropped first.
const maxEvents = 10000

// eventRefs names the entities an event is about.
type eventRefs struct {
	vm, host, cluster, dc, sd, template string
}

// recordEvent appends an event (integer ids, as engines use, so clients can poll with from=).
func recordEvent(st *store, now time.Time, code int64, sev types.LogSeverity, desc string, r *eventRefs) {
	c := st.coll("events", node("Events"))
	id := strconv.FormatInt(st.nextSeq("event"), 10)
	ev := &types.Event{Id: &id, Code: types.Ptr(code), Severity: types.Ptr(sev), Description: types.Ptr(desc),
		Time: types.Ptr(now), Origin: types.Ptr("oVirt"), CustomId: types.Ptr(int64(-1)),
		FloodRate: types.Ptr(int64(30)), Index: types.Ptr(st.seq["event"]), LogOnHost: types.Ptr(false)}
	if users := st.lookup("users"); users != nil {
		if u, ok := users.byName(adminUserName); ok {
			ev.User = refTo(u, "users").(*types.User)
		}
	}
	if r != nil {
		if r.vm != "" {
			ev.Vm = ref[types.Vm](r.vm, "vms")
		}
		if r.host != "" {
			ev.Host = ref[types.Host](r.host, "hosts")
		}
		if r.cluster != "" {
			ev.Cluster = ref[types.Cluster](r.cluster, "clusters")
		}
		if r.dc != "" {
			ev.DataCenter = ref[types.DataCenter](r.dc, "datacenters")
		}
		if r.sd != "" {
			ev.StorageDomain = ref[types.StorageDomain](r.sd, "storagedomains")
		}
		if r.template != "" {
			ev.Template = ref[types.Template](r.template, "templates")
		}
	}
	c.put(ev)
	if c.len() > maxEvents {
		st.remove(c, c.order[0])
	}
}

// event records an event at the call's time.
func (c *call) event(code int64, sev types.LogSeverity, desc string, r *eventRefs) {
	recordEvent(c.st, c.now, code, sev, desc, r)
}

func registerEvents(h *hooks) {
	// events list newest first; from=N keeps the events after N
	h.filter["Events"] = func(c *call, items []any) ([]any, *Fault) {
		from := int64(-1)
		if v := c.query.Get("from"); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, badRequest("Invalid value %q for integer parameter \"from\"", v)
			}
			from = n
		}
		out := make([]any, 0, len(items))
		for _, v := range slices.Backward(items) {
			if id, _ := strconv.ParseInt(v.(*types.Event).GetId(), 10, 64); id > from {
				out = append(out, v)
			}
		}
		return out, nil
	}
	h.add["Events"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		ev := v.(*types.Event)
		ev.Id = types.Ptr(strconv.FormatInt(c.st.nextSeq("event"), 10))
		ev.Index = types.Ptr(c.st.seq["event"])
		if ev.Time == nil {
			ev.Time = types.Ptr(c.now)
		}
		if ev.Severity == nil {
			ev.Severity = types.Ptr(types.LogSeverityNormal)
		}
		if ev.Code == nil {
			ev.Code = types.Ptr(int64(10500)) // EXTERNAL_EVENT_NORMAL
		}
		return ev, nil
	}
	h.add["Jobs"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		j := v.(*types.Job)
		j.Status = types.Ptr(types.JobStatusStarted)
		j.StartTime, j.LastUpdated = types.Ptr(c.now), types.Ptr(c.now)
		j.External = types.Ptr(true)
		return j, nil
	}
	h.action["Job/end"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		st := types.JobStatusFinished
		if in.Succeeded != nil && !*in.Succeeded {
			st = types.JobStatusFailed
		}
		endJob(c.st, coll, *v.(*types.Job).Id, st, c.now)
		return &types.Action{}, nil
	}
	h.action["Job/clear"] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
		c.st.remove(coll, *v.(*types.Job).Id)
		return &types.Action{}, nil
	}
}

// startJob records a running job with one executing step and returns its id.
func startJob(st *store, now time.Time, desc string) string {
	id := st.newID()
	p := types.Ptr[string]
	st.coll("jobs", node("Jobs")).put(&types.Job{Id: p(id), Description: p(desc), Status: types.Ptr(types.JobStatusStarted),
		StartTime: types.Ptr(now), LastUpdated: types.Ptr(now), External: types.Ptr(false), AutoCleared: types.Ptr(true),
		Owner: ownerRef(st)})
	st.jobsOf.noteJob(id)
	rt, _ := resolve("jobs/" + id + "/steps")
	st.coll("jobs/"+id+"/steps", rt.last().node).put(&types.Step{Id: p(st.newID()), Description: p("Executing"),
		Type: types.Ptr(types.StepEnumExecuting), Status: types.Ptr(types.StepStatusStarted), Number: types.Ptr(int64(0)),
		StartTime: types.Ptr(now), External: types.Ptr(false), Job: ref[types.Job](id, "jobs")})
	return id
}

// endJob finishes a job and its steps.
func endJob(st *store, jobs *collection, id string, status types.JobStatus, now time.Time) {
	mutate(jobs, id, func(j *types.Job) bool {
		j.Status, j.EndTime, j.LastUpdated = types.Ptr(status), types.Ptr(now), types.Ptr(now)
		return true
	})
	if steps := st.lookup("jobs/" + id + "/steps"); steps != nil {
		stepStatus := types.StepStatusFinished
		if status == types.JobStatusFailed {
			stepStatus = types.StepStatusFailed
		}
		for _, sid := range slices.Clone(steps.order) {
			mutate(steps, sid, func(s *types.Step) bool {
				s.Status, s.EndTime = types.Ptr(stepStatus), types.Ptr(now)
				return true
			})
		}
	}
}

// finishJobLater ends job id after d with status finished.
func (s *Server) finishJobLater(d time.Duration, id string) {
	s.later(d, func(st *store) { endJob(st, st.lookup("jobs"), id, types.JobStatusFinished, s.clock.Now()) })
}

func ownerRef(st *store) *types.User {
	if users := st.lookup("users"); users != nil {
		if u, ok := users.byName(adminUserName); ok {
			return refTo(u, "users").(*types.User)
		}
	}
	return nil
}
