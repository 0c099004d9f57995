package wait

import (
	"reflect"
	"strings"
	"sync"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// statusExceptions names the status member of the types where the rule of StatusMember picks
// the wrong one or none.
var statusExceptions = map[string]string{
	// A snapshot's own state; its "status" member is the saved VM's status.
	"Snapshot": "snapshot_status",
}

// failedStatuses are, per enum, the values that end a wait with a failure unless they are
// wanted: the object will not leave them by itself.
var failedStatuses = map[string][]string{
	"DiskStatus":         {"illegal"},
	"TemplateStatus":     {"illegal"},
	"JobStatus":          {"failed", "aborted"},
	"StepStatus":         {"failed", "aborted"},
	"BackupPhase":        {"failed"},
	"CheckpointState":    {"invalid"},
	"HostStatus":         {"install_failed"},
	"ImageTransferPhase": {"finished_failure", "cancelled_system", "cancelled_user", "finished_cleanup"},
}

// statusMembers caches StatusMember per type.
var statusMembers sync.Map // *types.TypeInfo → *types.MemberInfo (nil: none)

// StatusMember returns the snake name of the member that holds the state of objects of type t
// ("status" for a VM, "snapshot_status" for a snapshot, "phase" for an image transfer), or ""
// when the type has none. The rule, from the model: the single enum member whose enum's name
// ends in Status, Phase or State; among several, the one named "status"; a small table holds
// the exceptions.
func StatusMember(t *types.TypeInfo) string {
	if m := statusMember(t); m != nil {
		return m.Name
	}
	return ""
}

func statusMember(t *types.TypeInfo) *types.MemberInfo {
	if t == nil || t.Kind != types.KindStruct {
		return nil
	}
	if m, ok := statusMembers.Load(t); ok {
		return m.(*types.MemberInfo)
	}
	m := findStatusMember(t)
	statusMembers.Store(t, m)
	return m
}

func findStatusMember(t *types.TypeInfo) *types.MemberInfo {
	byName := func(name string) *types.MemberInfo {
		for _, m := range t.Members {
			if m.Name == name {
				return m
			}
		}
		return nil
	}
	if name, ok := statusExceptions[t.Name]; ok {
		return byName(name)
	}
	var found []*types.MemberInfo
	for _, m := range t.Members {
		if m.TypeKind == types.KindEnum && !m.List && isStateEnum(m.Type) {
			found = append(found, m)
		}
	}
	switch {
	case len(found) == 1:
		return found[0]
	case len(found) > 1:
		if m := byName("status"); m != nil && m.TypeKind == types.KindEnum {
			return m
		}
	}
	return nil
}

func isStateEnum(name string) bool {
	return strings.HasSuffix(name, "Status") || strings.HasSuffix(name, "Phase") || strings.HasSuffix(name, "State")
}

// FailedStatuses returns the values of t's status member that mean the object failed (a disk's
// "illegal", a job's "failed" and "aborted"), or nil.
func FailedStatuses(t *types.TypeInfo) []string {
	if m := statusMember(t); m != nil {
		return failedStatuses[m.Type]
	}
	return nil
}

// StatusValues returns the values the model knows for t's status member, or nil.
func StatusValues(t *types.TypeInfo) []string {
	if m := statusMember(t); m != nil {
		if e := types.Type(m.Type); e != nil {
			return e.Values
		}
	}
	return nil
}

// Status returns the value of the status member of obj (a pointer to a generated struct, such
// as *types.Vm), and whether it is set.
func Status(obj any) (string, bool) {
	m := statusMember(types.TypeOf(obj))
	v := reflect.ValueOf(obj)
	if m == nil || v.IsNil() {
		return "", false
	}
	f := v.Elem().Field(m.Field)
	if f.Kind() != reflect.Pointer || f.IsNil() || f.Elem().Kind() != reflect.String {
		return "", false
	}
	return f.Elem().String(), true
}
