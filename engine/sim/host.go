package sim

import (
	"fmt"
	"time"

	"github.com/ovirtsh/ovirtsh/engine/types"
)

func hostStatus(h *types.Host) **types.HostStatus { return &h.Status }

type hostAction func(c *call, coll *collection, h *types.Host, in *types.Action) (*types.Action, *Fault)

func registerHosts(h *hooks) {
	h.add["Hosts"] = addHost
	h.update["Host"] = func(c *call, coll *collection, old, upd any) *Fault {
		u := upd.(*types.Host)
		u.Status, u.RootPassword = old.(*types.Host).Status, nil
		return nil
	}
	h.remove["Host"] = func(c *call, coll *collection, v any) *Fault {
		host := v.(*types.Host)
		switch host.GetStatus() {
		case types.HostStatusMaintenance, types.HostStatusInstallFailed, types.HostStatusNonResponsive, types.HostStatusDown:
		default:
			return conflictf("Cannot remove Host. Host is operational. Please switch Host to Maintenance mode first.")
		}
		c.event(16, types.LogSeverityNormal, fmt.Sprintf("Host %s was removed by %s.", host.GetName(), DefaultUser), nil)
		return nil
	}
	for path, f := range map[string]hostAction{
		"deactivate": deactivateHost, "activate": activateHost, "install": installHost, "upgrade": installHost,
		"fence": fenceHost,
	} {
		h.action["Host/"+path] = func(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
			return f(c, coll, v.(*types.Host), in)
		}
	}
	h.action["Host/setupnetworks"] = setupNetworks
	h.action["Host/upgradecheck"] = upgradeCheck
	// an engine keeps a fence agent's password but never answers with it
	h.add["FenceAgents"] = func(c *call, coll *collection, v any, _ string) (any, *Fault) {
		v.(*types.Agent).Password = nil
		return v, nil
	}
	h.update["FenceAgent"] = func(c *call, coll *collection, old, upd any) *Fault {
		upd.(*types.Agent).Password = nil
		return nil
	}
}

// addHost: installing, then up (or maintenance with activate=false). Passwords are not kept.
func addHost(c *call, coll *collection, v any, _ string) (any, *Fault) {
	host := v.(*types.Host)
	if nameTaken(coll, host.GetName(), "") {
		return nil, conflictf("Cannot add Host. The Host name is already in use, please choose a unique name and try again.")
	}
	host.RootPassword = nil
	if host.Ssh != nil {
		host.Ssh = clone(host.Ssh)
		host.Ssh.User = nil
	}
	host.Status = types.Ptr(types.HostStatusInstalling)
	if host.Port == nil {
		host.Port = types.Ptr(int64(54321))
	}
	if host.Type == nil {
		host.Type = types.Ptr(types.HostTypeRhel)
	}
	host.Memory, host.MaxSchedulingMemory = types.Ptr(32*gib), types.Ptr(30*gib)
	host.Cpu = &types.Cpu{Name: types.Ptr("Intel(R) Xeon(R) Gold 6230"), Speed: types.Ptr(2100.0),
		Topology: &types.CpuTopology{Sockets: types.Ptr(int64(1)), Cores: types.Ptr(int64(8)), Threads: types.Ptr(int64(2))}}
	host.Spm = &types.Spm{Status: types.Ptr(types.SpmStatusNone), Priority: types.Ptr(int64(5))}
	host.ExternalStatus = types.Ptr(types.ExternalStatusOk)
	host.Summary = nil // rendered from the VMs on the host (host_summary.go)
	if host.PowerManagement == nil {
		host.PowerManagement = &types.PowerManagement{Enabled: types.Ptr(false)}
	}
	host.PowerManagement = clone(host.PowerManagement)
	host.PowerManagement.Password = nil
	host.PowerManagement.AutomaticPmEnabled = orPtr(host.PowerManagement.AutomaticPmEnabled, types.Ptr(true))
	host.PowerManagement.KdumpDetection = orPtr(host.PowerManagement.KdumpDetection, types.Ptr(true))
	host.UpdateAvailable = types.Ptr(false)
	host.KdumpStatus = types.Ptr(types.KdumpStatusDisabled)
	host.Protocol = types.Ptr(types.HostProtocolStomp)
	host.Os = &types.OperatingSystem{Type: types.Ptr("RHEL"), Version: &types.Version{FullVersion: types.Ptr("9.4")}}
	addHostNics(c.st, host.GetId(), host.GetAddress())
	final := types.HostStatusUp
	if !c.queryFlag("activate", true) {
		final = types.HostStatusMaintenance
	}
	job := startJob(c.st, c.now, "Adding new Host "+host.GetName()+" to Cluster")
	transition(c.s, delayHost, "hosts", host.GetId(), hostStatus, []types.HostStatus{types.HostStatusInstalling}, final, nil)
	c.s.finishJobLater(delayHost, job)
	c.event(42, types.LogSeverityNormal, fmt.Sprintf("Host %s was added by %s.", host.GetName(), DefaultUser),
		&eventRefs{host: host.GetId(), cluster: host.Cluster.GetId()})
	return host, nil
}

// deactivateHost migrates the host's running VMs to other up hosts of the cluster, then goes
// preparing_for_maintenance → maintenance.
func deactivateHost(c *call, coll *collection, host *types.Host, in *types.Action) (*types.Action, *Fault) {
	switch host.GetStatus() {
	case types.HostStatusMaintenance, types.HostStatusPreparingForMaintenance:
		return nil, conflictf("Cannot switch Host %s to Maintenance mode. Host is already in Maintenance mode.", host.GetName())
	}
	vms := c.st.lookup("vms")
	moves := map[string]string{}
	for _, vv := range vms.all() {
		vm := vv.(*types.Vm)
		if vm.Host.GetId() != host.GetId() || !vmRunning(vm.GetStatus()) {
			continue
		}
		target, ok := pickHost(c.st, vm, host.GetId())
		if !ok {
			return nil, conflictf("Cannot switch Host %s to Maintenance mode. There is no available host to migrate VM %s to.",
				host.GetName(), vm.GetName())
		}
		moves[vm.GetId()] = target.GetId()
	}
	for id, to := range moves {
		mutate(vms, id, func(v *types.Vm) bool { v.Host = ref[types.Host](to, "hosts"); return true })
	}
	mutate(coll, host.GetId(), func(h *types.Host) bool {
		h.Status = types.Ptr(types.HostStatusPreparingForMaintenance)
		return true
	})
	transition(c.s, delayHost, "hosts", host.GetId(), hostStatus,
		[]types.HostStatus{types.HostStatusPreparingForMaintenance}, types.HostStatusMaintenance, nil)
	c.event(17, types.LogSeverityNormal, fmt.Sprintf("Host %s was switched to Maintenance mode by %s.", host.GetName(), DefaultUser),
		&eventRefs{host: host.GetId()})
	return &types.Action{}, nil
}

func activateHost(c *call, coll *collection, host *types.Host, in *types.Action) (*types.Action, *Fault) {
	switch host.GetStatus() {
	case types.HostStatusUp:
		return nil, conflictf("Cannot activate Host. Host is in Up status.")
	case types.HostStatusInstalling, types.HostStatusPreparingForMaintenance:
		return nil, conflictf("Cannot activate Host. Related operation is currently in progress.")
	}
	mutate(coll, host.GetId(), func(h *types.Host) bool { h.Status = types.Ptr(types.HostStatusUnassigned); return true })
	transition(c.s, delayHost, "hosts", host.GetId(), hostStatus, []types.HostStatus{types.HostStatusUnassigned}, types.HostStatusUp, nil)
	c.event(16, types.LogSeverityNormal, fmt.Sprintf("Activation of host %s initiated by %s.", host.GetName(), DefaultUser),
		&eventRefs{host: host.GetId()})
	return &types.Action{}, nil
}

// installHost (also upgrade): only from maintenance or a failed install; installing, then up
// unless activate=false.
func installHost(c *call, coll *collection, host *types.Host, in *types.Action) (*types.Action, *Fault) {
	switch host.GetStatus() {
	case types.HostStatusMaintenance, types.HostStatusInstallFailed, types.HostStatusNonOperational:
	default:
		return nil, conflictf("Cannot install Host. Host must be in Maintenance mode.")
	}
	final := types.HostStatusUp
	if in.Activate != nil && !*in.Activate {
		final = types.HostStatusMaintenance
	}
	mutate(coll, host.GetId(), func(h *types.Host) bool { h.Status = types.Ptr(types.HostStatusInstalling); return true })
	job := startJob(c.st, c.now, "Installing Host "+host.GetName())
	transition(c.s, delayHost, "hosts", host.GetId(), hostStatus, []types.HostStatus{types.HostStatusInstalling}, final, nil)
	c.s.finishJobLater(delayHost, job)
	return &types.Action{Job: ref[types.Job](job, "jobs")}, nil
}

// fenceHost answers status queries and restarts, stops or starts the host.
func fenceHost(c *call, coll *collection, host *types.Host, in *types.Action) (*types.Action, *Fault) {
	switch ft := in.GetFenceType(); ft {
	case "status", "":
		st := types.PowerManagementStatusOn
		if host.GetStatus() == types.HostStatusDown {
			st = types.PowerManagementStatusOff
		}
		return &types.Action{PowerManagement: &types.PowerManagement{Status: types.Ptr(st)}}, nil
	case "stop":
		mutate(coll, host.GetId(), func(h *types.Host) bool { h.Status = types.Ptr(types.HostStatusDown); return true })
	case "start", "restart":
		mutate(coll, host.GetId(), func(h *types.Host) bool { h.Status = types.Ptr(types.HostStatusReboot); return true })
		transition(c.s, delayHost, "hosts", host.GetId(), hostStatus, []types.HostStatus{types.HostStatusReboot}, types.HostStatusUp, nil)
	default:
		return nil, badRequest("Unknown fence type %q (status, start, stop, restart)", ft)
	}
	return &types.Action{}, nil
}

// delayUpgradeCheck is how long a host's check for updates runs.
const delayUpgradeCheck = 3 * time.Second

// upgradeCheck checks a host for updates as the engine does, reporting through events:
// HOST_AVAILABLE_UPDATES_STARTED (884), then FINISHED (885) with update_available set; a host
// neither up nor in maintenance is skipped (887).
func upgradeCheck(c *call, coll *collection, v any, in *types.Action) (*types.Action, *Fault) {
	host := v.(*types.Host)
	refs := &eventRefs{host: host.GetId(), cluster: host.Cluster.GetId()}
	switch host.GetStatus() {
	case types.HostStatusUp, types.HostStatusMaintenance:
	default:
		c.event(887, types.LogSeverityWarning, fmt.Sprintf("Failed to check for available updates on host %s: "+
			"Unsupported host status.", host.GetName()), refs)
		return &types.Action{}, nil
	}
	c.event(884, types.LogSeverityNormal, fmt.Sprintf("Started to check for available updates on host %s.", host.GetName()), refs)
	s, id, name := c.s, host.GetId(), host.GetName()
	s.later(delayUpgradeCheck, func(st *store) {
		mutate(st.lookup("hosts"), id, func(h *types.Host) bool {
			h.UpdateAvailable = types.Ptr(false)
			return true
		})
		recordEvent(st, s.clock.Now(), 885, types.LogSeverityNormal, fmt.Sprintf("Check for available updates on host %s "+
			"was completed successfully with message 'no updates found.'.", name), refs)
	})
	return &types.Action{}, nil
}
