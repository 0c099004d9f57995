package sim

import (
	"fmt"
	"hash/fnv"
	"math"
	"strings"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

// statDef is one statistic an engine reports, with how the simulator makes its value: base
// plus amp times a wave over period on the simulator clock, phase-shifted per entity.
type statDef struct {
	name, desc string
	unit       types.StatisticUnit
	typ        types.ValueType
	kind       types.StatisticKind
	base, amp  float64
	period     time.Duration
}

// hostStats and vmStats are the statistics the engine reports by those names.
var (
	hostStats = []statDef{
		{"memory.total", "Total memory", types.StatisticUnitBytes, types.ValueTypeInteger, types.StatisticKindGauge, 64 << 30, 0, 0},
		{"memory.used", "Used memory", types.StatisticUnitBytes, types.ValueTypeInteger, types.StatisticKindGauge, 20 << 30, 6 << 30, 10 * time.Minute},
		{"memory.free", "Free memory", types.StatisticUnitBytes, types.ValueTypeInteger, types.StatisticKindGauge, 44 << 30, -6 << 30, 10 * time.Minute},
		{"memory.shared", "Shared memory", types.StatisticUnitBytes, types.ValueTypeInteger, types.StatisticKindGauge, 1 << 30, 0, 0},
		{"swap.total", "Total swap", types.StatisticUnitBytes, types.ValueTypeInteger, types.StatisticKindGauge, 8 << 30, 0, 0},
		{"swap.used", "Used swap", types.StatisticUnitBytes, types.ValueTypeInteger, types.StatisticKindGauge, 0, 0, 0},
		{"swap.free", "Free swap", types.StatisticUnitBytes, types.ValueTypeInteger, types.StatisticKindGauge, 8 << 30, 0, 0},
		{"ksm.cpu.current", "KSM CPU usage", types.StatisticUnitPercent, types.ValueTypeDecimal, types.StatisticKindGauge, 0, 0, 0},
		{"cpu.current.user", "User CPU usage", types.StatisticUnitPercent, types.ValueTypeDecimal, types.StatisticKindGauge, 12, 8, 5 * time.Minute},
		{"cpu.current.system", "System CPU usage", types.StatisticUnitPercent, types.ValueTypeDecimal, types.StatisticKindGauge, 3, 2, 7 * time.Minute},
		{"cpu.current.idle", "Idle CPU usage", types.StatisticUnitPercent, types.ValueTypeDecimal, types.StatisticKindGauge, 85, -10, 5 * time.Minute},
		{"cpu.load.avg.5m", "CPU 5 minute load average", types.StatisticUnitNone, types.ValueTypeDecimal, types.StatisticKindGauge, 1.5, 1, 15 * time.Minute},
	}
	vmStats = []statDef{
		{"memory.installed", "Total memory configured", types.StatisticUnitBytes, types.ValueTypeInteger, types.StatisticKindGauge, 0, 0, 0},
		{"memory.used", "Memory used (agent)", types.StatisticUnitBytes, types.ValueTypeInteger, types.StatisticKindGauge, 0, 0, 0},
		{"memory.free", "Memory free (agent)", types.StatisticUnitBytes, types.ValueTypeInteger, types.StatisticKindGauge, 0, 0, 0},
		{"cpu.current.guest", "CPU used by guest", types.StatisticUnitPercent, types.ValueTypeDecimal, types.StatisticKindGauge, 10, 8, 3 * time.Minute},
		{"cpu.current.hypervisor", "CPU overhead", types.StatisticUnitPercent, types.ValueTypeDecimal, types.StatisticKindGauge, 1, 0.5, 3 * time.Minute},
		{"cpu.current.total", "Total CPU used", types.StatisticUnitPercent, types.ValueTypeDecimal, types.StatisticKindGauge, 11, 8.5, 3 * time.Minute},
		{"network.current.total", "Total network used", types.StatisticUnitPercent, types.ValueTypeDecimal, types.StatisticKindGauge, 1, 1, 2 * time.Minute},
		{"elapsed.time", "Elapsed VM runtime", types.StatisticUnitSeconds, types.ValueTypeInteger, types.StatisticKindCounter, 0, 0, 0},
	}
)

// registerStatistics makes the statistics of hosts and VMs what the engine reports for them,
// changing over time on the simulator clock (zero for what is not running).
func registerStatistics(h *hooks) {
	h.filter["Statistics"] = func(c *call, items []any) ([]any, *Fault) {
		if id := c.pathParent("hosts"); id != "" && c.rt.last().path == "hosts/"+id+"/statistics" {
			return hostStatistics(c.st, id, c.now), nil
		}
		if id := c.pathParent("vms"); id != "" && c.rt.last().path == "vms/"+id+"/statistics" {
			return vmStatistics(c.st, id, c.now), nil
		}
		return items, nil
	}
}

// computedEntity returns the entity c's GET names when the simulator computes it rather than
// stores it (a statistic of a host or VM, a disk snapshot), or nil.
func computedEntity(c *call) any {
	last := c.rt.last()
	coll, ok := strings.CutSuffix(last.path, "/"+last.id)
	if !ok || last.id == "" {
		return nil
	}
	var items []any
	if id := c.pathParent("hosts"); id != "" && coll == "hosts/"+id+"/statistics" {
		items = hostStatistics(c.st, id, c.now)
	} else if id := c.pathParent("vms"); id != "" && coll == "vms/"+id+"/statistics" {
		items = vmStatistics(c.st, id, c.now)
	} else if strings.HasSuffix(coll, "/disksnapshots") {
		items = diskSnapshots(c)
	}
	for _, v := range items {
		if metaFor(v).getID(v) == last.id {
			return v
		}
	}
	return nil
}

func hostStatistics(st *store, id string, now time.Time) []any {
	v, ok := st.lookup("hosts").get(id)
	if !ok {
		return nil
	}
	up := v.(*types.Host).GetStatus() == types.HostStatusUp
	return statistics(hostStats, id, now, up, func(s *types.Statistic) { s.Host = ref[types.Host](id, "hosts") }, nil)
}

func vmStatistics(st *store, id string, now time.Time) []any {
	v, ok := st.lookup("vms").get(id)
	if !ok {
		return nil
	}
	vm := v.(*types.Vm)
	running := vmRunning(vm.GetStatus())
	mem := float64(vm.GetMemory())
	fixed := map[string]float64{"memory.installed": mem}
	if running {
		used := mem * (0.3 + 0.1*wave(id, now, 4*time.Minute))
		fixed["memory.used"], fixed["memory.free"] = used, mem-used
		if vm.StartTime != nil {
			fixed["elapsed.time"] = now.Sub(*vm.StartTime).Seconds()
		}
	}
	return statistics(vmStats, id, now, running, func(s *types.Statistic) { s.Vm = ref[types.Vm](id, "vms") }, fixed)
}

// statistics makes the statistics of defs for entity id at now; values are zero unless live,
// fixed ones override the computed ones.
func statistics(defs []statDef, id string, now time.Time, live bool, owner func(*types.Statistic), fixed map[string]float64) []any {
	out := make([]any, 0, len(defs))
	for _, d := range defs {
		val := 0.0
		if live {
			val = d.base + d.amp*wave(id+d.name, now, d.period)
		}
		if f, ok := fixed[d.name]; ok {
			val = f
		}
		if d.typ == types.ValueTypeInteger {
			val = math.Round(val)
		}
		s := &types.Statistic{Id: types.Ptr(statID(id, d.name)), Name: types.Ptr(d.name), Description: types.Ptr(d.desc),
			Kind: types.Ptr(d.kind), Type: types.Ptr(d.typ), Unit: types.Ptr(d.unit), Values: []*types.Value{{Datum: types.Ptr(val)}}}
		owner(s)
		out = append(out, s)
	}
	return out
}

// wave is a value in [0, 1] that goes up and down over period, shifted by key.
func wave(key string, now time.Time, period time.Duration) float64 {
	if period <= 0 {
		return 0
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	phase := float64(h.Sum64()%1000) / 1000
	x := float64(now.UnixNano()%int64(period))/float64(period) + phase
	return (math.Sin(2*math.Pi*x) + 1) / 2
}

// statID is a stable id for statistic name of entity id.
func statID(id, name string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id + "/" + name))
	a := h.Sum64()
	_, _ = h.Write([]byte{0})
	b := h.Sum64()
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", uint32(a>>32), uint16(a>>16), uint16(a)&0xfff, uint16(b>>48)&0xfff, b&0xffffffffffff)
}
