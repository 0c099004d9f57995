package ensure

import (
	"context"
	"fmt"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// hostKind ensures a host: ovirt.ensure.host{name='host3', address='192.0.2.13', cluster='Default',
// root_password='...', state='present'|'active'|'maintenance'|'absent'}. A new host is installed
// (installing → up, or maintenance for state='maintenance'); absent moves it to maintenance
// first. root_password is used to install and never compared or shown.
type hostKind struct{}

func init() { Register(hostKind{}) }

func (hostKind) Name() string { return "host" }

// Doc is the help text of the kind.
func (hostKind) Doc() string {
	return "ovirt.ensure.host{name=, address=, cluster=, root_password=, description=, " +
		"state='present'|'active'|'maintenance'|'absent'}: a host; a new one is installed and waited for; " +
		"absent moves it to maintenance first; root_password is only sent when the host is added."
}

func (hostKind) Refs(s Spec) []Ref { return refsOf(s, map[string]string{"cluster": "cluster"}) }

func (hostKind) Ensure(ctx context.Context, e *Env, s Spec) (*Result, error) {
	sp := readSpec("host", s)
	name, err := sp.name()
	k := newKit(e, "host", name)
	if err != nil {
		return k.fail(err)
	}
	state, err := sp.state("present", "present", "absent", "active", "maintenance")
	if err != nil {
		return k.fail(err)
	}
	password, _, err := sp.str("root_password")
	if err != nil {
		return k.fail(err)
	}
	hosts := k.conn.SystemService().HostsService()
	ent, err := lookup(ctx, hosts, lookupKey(s))
	if err != nil {
		return k.fail(err)
	}
	var svc *engine.HostService
	var host *types.Host
	rest := sp.rest()
	if ent != nil {
		if rename := renameOf(s, ent.Value); rename != "" {
			rest["name"] = rename
		}
	}
	switch {
	case ent == nil && state == "absent":
		return k.r, nil
	case ent == nil:
		if err = needName(s, "host"); err != nil {
			return k.fail(err)
		}
		svc, host, err = k.addHost(ctx, name, password, rest, state)
	default:
		svc, host = ent.Service.(*engine.HostService), ent.Value.(*types.Host)
		if state == "absent" {
			err = k.removeHost(ctx, svc, host)
			if err != nil {
				return k.fail(err)
			}
			return k.r, nil
		}
		err = k.updatePlain(ctx, "Host", rest, host, func(upd any) error {
			_, err := svc.Update(ctx, upd.(*types.Host), nil)
			return err
		})
	}
	if err == nil && svc != nil {
		err = k.hostState(ctx, svc, host, state)
	}
	if err != nil {
		return k.fail(err)
	}
	if svc != nil && k.stale {
		if host, err = svc.Get(ctx, nil); err != nil {
			return k.fail(err)
		}
	}
	if host != nil {
		k.r.Object = host
	}
	return k.r, nil
}

// addHost adds and installs the host, waiting until it is up (or in maintenance).
func (k *kit) addHost(ctx context.Context, name, password string, rest Spec, state string) (*engine.HostService, *types.Host, error) {
	obj, err := k.buildPlain(ctx, "Host", rest, true)
	if err != nil {
		return nil, nil, err
	}
	body := obj.(*types.Host)
	body.Name = &name
	k.r.Diff["name"] = Change{To: name}
	if password != "" {
		body.RootPassword = &password
	}
	p := &engine.HostsAddParams{}
	final := "up"
	if state == "maintenance" {
		p.Activate, final = types.Ptr(false), "maintenance"
	}
	k.r.Op = "add"
	var added *types.Host
	err = k.do("add", func() error { added, err = k.conn.SystemService().HostsService().Add(ctx, body, p); return err })
	if err != nil || k.check() {
		return nil, nil, err
	}
	svc := k.conn.SystemService().HostsService().HostService(added.GetId())
	if err := k.waitFor(ctx, svc, final); err != nil {
		return svc, added, err
	}
	host, err := svc.Get(ctx, nil)
	return svc, host, err
}

// hostState moves the host to maintenance (deactivate) or back (activate) and waits.
func (k *kit) hostState(ctx context.Context, svc *engine.HostService, host *types.Host, state string) error {
	st := host.GetStatus()
	switch {
	case state == "maintenance" && st == types.HostStatusPreparingForMaintenance:
		return k.waitFor(ctx, svc, "maintenance")
	case state == "maintenance" && st != types.HostStatusMaintenance:
		k.op("change")
		k.r.Diff["status"] = Change{From: string(st), To: "maintenance"}
		if err := k.do("deactivate", func() error { return svc.Deactivate(ctx, nil) }); err != nil {
			return err
		}
		return k.waitFor(ctx, svc, "maintenance")
	case state == "active" && (st == types.HostStatusInstalling || st == types.HostStatusUnassigned || st == types.HostStatusReboot):
		return k.waitFor(ctx, svc, "up")
	case state == "present" && (st == types.HostStatusInstalling || st == types.HostStatusUnassigned || st == types.HostStatusReboot):
		return k.waitFor(ctx, svc, "up", "maintenance") // an install or activation in progress ends
	case state == "active" && st != types.HostStatusUp:
		k.op("change")
		k.r.Diff["status"] = Change{From: string(st), To: "up"}
		if err := k.do("activate", func() error { return svc.Activate(ctx, nil) }); err != nil {
			return err
		}
		return k.waitFor(ctx, svc, "up")
	}
	return nil
}

// removeHost moves the host to maintenance when it is not there (or down) and removes it.
func (k *kit) removeHost(ctx context.Context, svc *engine.HostService, host *types.Host) error {
	k.r.Op = "remove"
	switch host.GetStatus() {
	case types.HostStatusMaintenance, types.HostStatusDown, types.HostStatusInstallFailed, types.HostStatusNonResponsive:
	default:
		if err := k.hostState(ctx, svc, host, "maintenance"); err != nil {
			return fmt.Errorf("moving to maintenance before removing: %w", err)
		}
	}
	if err := k.do("remove", func() error { return svc.Remove(ctx, nil) }); err != nil {
		return err
	}
	return k.waitGone(ctx, svc)
}

// hostExportState is the state a host's status is declared as.
var hostExportState = map[types.HostStatus]string{types.HostStatusUp: "active", types.HostStatusMaintenance: "maintenance"}

// Export declares the hosts the search selects: address, cluster, description and state.
func (hostKind) Export(ctx context.Context, e *Env, search string) ([]Spec, error) {
	p := &engine.HostsListParams{}
	if search != "" {
		p.Search = &search
	}
	list, err := e.Conn.SystemService().HostsService().List(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]Spec, 0, len(list))
	for _, h := range list {
		s := Spec{"name": h.GetName(), "address": h.GetAddress()}
		if st, ok := hostExportState[h.GetStatus()]; ok {
			s["state"] = st
		}
		if d := h.GetDescription(); d != "" {
			s["description"] = d
		}
		if id := h.Cluster.GetId(); id != "" {
			if s["cluster"], err = e.NameOf(ctx, "Cluster", id); err != nil {
				return nil, err
			}
		}
		out = append(out, s)
	}
	return out, nil
}
