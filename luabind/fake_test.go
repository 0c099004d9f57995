package luabind

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// A tiny hand-written engine with the shapes of the generated services (type and method names
// from types.Service descriptions, ctx first, params structs with pointer fields and embedded
// CallOptions), so that the binding is tested without the network.

type CallOptions struct {
	Query   map[string]string
	Headers map[string]string
}

type fakeConn struct {
	url    string
	mu     sync.Mutex
	vms    map[string]*types.Vm
	starts map[string]int // gets left before a starting VM is up
	nextID int
	closed bool
	delay  time.Duration // of every call
	last   any           // the params of the last call
	onWait func()        // if set, called as each call starts its delay
}

func newFakeConn() *fakeConn {
	c := &fakeConn{url: "https://engine.example/ovirt-engine/api", vms: map[string]*types.Vm{}, starts: map[string]int{}}
	for _, name := range []string{"web0", "db0"} {
		c.addVM(&types.Vm{Name: types.Ptr(name), Status: types.Ptr(types.VmStatusDown), Memory: types.Ptr(int64(1 << 30))})
	}
	return c
}

func (c *fakeConn) URL() string { return c.url }

func (c *fakeConn) Close(context.Context) error { c.closed = true; return nil }

func (c *fakeConn) String() string { return "Connection(" + c.url + ", user admin@internal)" }

func (c *fakeConn) SystemService() *SystemService { return &SystemService{c: c} }

func (c *fakeConn) addVM(vm *types.Vm) *types.Vm {
	c.nextID++
	id := fmt.Sprintf("vm-%d", c.nextID)
	v := *vm
	v.Id = types.Ptr(id)
	v.Href = types.Ptr("/ovirt-engine/api/vms/" + id)
	v.DiskAttachments = &types.List[types.DiskAttachment]{Href: "/ovirt-engine/api/vms/" + id + "/diskattachments"}
	if v.Status == nil {
		v.Status = types.Ptr(types.VmStatusDown)
	}
	c.vms[id] = &v
	return &v
}

// wait sleeps for the call delay, or until ctx ends.
func (c *fakeConn) wait(ctx context.Context, p any) error {
	c.mu.Lock()
	c.last = p
	d, onWait := c.delay, c.onWait
	c.mu.Unlock()
	if onWait != nil {
		onWait()
	}
	if d == 0 {
		return ctx.Err()
	}
	select {
	case <-time.After(d):
		return nil
	case <-ctx.Done():
		return &engine.Error{Kind: engine.KindOther, Msg: "the call was canceled", Err: ctx.Err()}
	}
}

func notFound(id string) error {
	return &engine.Error{Kind: engine.KindNotFound, Method: "GET", URL: "https://engine.example/ovirt-engine/api/vms/" + id,
		Code: 404, Status: "Not Found", Reason: "Operation Failed", Detail: "Entity not found: " + id}
}

func copyVM(v *types.Vm) *types.Vm { c := *v; return &c }

type SystemService struct{ c *fakeConn }

type SystemGetParams struct {
	Follow *string
	CallOptions
}

func (s *SystemService) Path() string            { return "" }
func (s *SystemService) VmsService() *VmsService { return &VmsService{c: s.c} }
func (s *SystemService) Get(ctx context.Context, p *SystemGetParams) (*types.Api, error) {
	return &types.Api{}, s.c.wait(ctx, p)
}

type VmsService struct{ c *fakeConn }

type VmsListParams struct {
	AllContent    *bool
	CaseSensitive *bool
	Filter        *bool
	Follow        *string
	Max           *int64
	OvfAsOva      *bool
	Search        *string
	CallOptions
}

type VmsAddParams struct {
	AutoPinningPolicy *types.AutoPinningPolicy
	Clone             *bool
	ClonePermissions  *bool
	Filter            *bool
	Seal              *bool
	CallOptions
}

func (s *VmsService) Path() string                   { return "vms" }
func (s *VmsService) VmService(id string) *VmService { return &VmService{c: s.c, id: id} }

func (s *VmsService) List(ctx context.Context, p *VmsListParams) ([]*types.Vm, error) {
	if err := s.c.wait(ctx, p); err != nil {
		return nil, err
	}
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	var out []*types.Vm
	for _, v := range s.c.vms {
		if p != nil && p.Search != nil {
			pat := strings.TrimPrefix(*p.Search, "name=")
			if !strings.HasPrefix(*v.Name, strings.TrimSuffix(pat, "*")) || (!strings.HasSuffix(pat, "*") && *v.Name != pat) {
				continue
			}
		}
		out = append(out, copyVM(v))
	}
	sort.Slice(out, func(i, j int) bool { return *out[i].Name < *out[j].Name })
	if p != nil && p.Max != nil && int64(len(out)) > *p.Max {
		out = out[:*p.Max]
	}
	return out, nil
}

func (s *VmsService) Add(ctx context.Context, vm *types.Vm, p *VmsAddParams) (*types.Vm, error) {
	if err := s.c.wait(ctx, p); err != nil {
		return nil, err
	}
	if vm == nil || vm.Name == nil {
		return nil, &engine.Error{Kind: engine.KindOther, Code: 400, Reason: "Incomplete parameters", Detail: "Vm [name] required for add"}
	}
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	return copyVM(s.c.addVM(vm)), nil
}

type VmService struct {
	c  *fakeConn
	id string
}

type VmGetParams struct {
	AllContent *bool
	Filter     *bool
	Follow     *string
	NextRun    *bool
	OvfAsOva   *bool
	CallOptions
}

type VmUpdateParams struct {
	Async   *bool
	NextRun *bool
	CallOptions
}

type VmRemoveParams struct {
	Async      *bool
	DetachOnly *bool
	Force      *bool
	CallOptions
}

type VmStartParams struct {
	Async             *bool
	AttachWgt         *bool
	AuthorizedKey     *types.AuthorizedKey
	Filter            *bool
	Pause             *bool
	UseCloudInit      *bool
	UseIgnition       *bool
	UseInitialization *bool
	UseSysprep        *bool
	Vm                *types.Vm
	VolatileRun       *bool
	CallOptions
}

type VmStopParams struct {
	Async  *bool
	Force  *bool
	Reason *string
	CallOptions
}

func (s *VmService) Path() string { return "vms/" + s.id }

func (s *VmService) DiskAttachmentsService() *DiskAttachmentsService {
	return &DiskAttachmentsService{c: s.c, vm: s.id}
}

func (s *VmService) vm() (*types.Vm, error) {
	v := s.c.vms[s.id]
	if v == nil {
		return nil, notFound(s.id)
	}
	return v, nil
}

func (s *VmService) Get(ctx context.Context, p *VmGetParams) (*types.Vm, error) {
	if err := s.c.wait(ctx, p); err != nil {
		return nil, err
	}
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	v, err := s.vm()
	if err != nil {
		return nil, err
	}
	if n, ok := s.c.starts[s.id]; ok {
		if n <= 0 {
			v.Status = types.Ptr(types.VmStatusUp)
			delete(s.c.starts, s.id)
		}
		s.c.starts[s.id] = n - 1
	}
	return copyVM(v), nil
}

func (s *VmService) Update(ctx context.Context, vm *types.Vm, p *VmUpdateParams) (*types.Vm, error) {
	if err := s.c.wait(ctx, p); err != nil {
		return nil, err
	}
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	v, err := s.vm()
	if err != nil {
		return nil, err
	}
	if vm.Memory != nil {
		v.Memory = vm.Memory
	}
	return copyVM(v), nil
}

func (s *VmService) Remove(ctx context.Context, p *VmRemoveParams) error {
	if err := s.c.wait(ctx, p); err != nil {
		return err
	}
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	if _, err := s.vm(); err != nil {
		return err
	}
	delete(s.c.vms, s.id)
	return nil
}

// Start makes the VM powering_up, and up after two more gets.
func (s *VmService) Start(ctx context.Context, p *VmStartParams) error {
	if err := s.c.wait(ctx, p); err != nil {
		return err
	}
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	v, err := s.vm()
	if err != nil {
		return err
	}
	v.Status = types.Ptr(types.VmStatusPoweringUp)
	s.c.starts[s.id] = 2
	return nil
}

func (s *VmService) Stop(ctx context.Context, p *VmStopParams) error {
	if err := s.c.wait(ctx, p); err != nil {
		return err
	}
	s.c.mu.Lock()
	defer s.c.mu.Unlock()
	v, err := s.vm()
	if err != nil {
		return err
	}
	v.Status = types.Ptr(types.VmStatusDown)
	return nil
}

type DiskAttachmentsService struct {
	c  *fakeConn
	vm string
}

type DiskAttachmentsListParams struct {
	Follow *string
	CallOptions
}

func (s *DiskAttachmentsService) Path() string { return "vms/" + s.vm + "/diskattachments" }

func (s *DiskAttachmentsService) List(ctx context.Context, p *DiskAttachmentsListParams) ([]*types.DiskAttachment, error) {
	return []*types.DiskAttachment{{Id: types.Ptr(s.vm + "-disk1")}}, s.c.wait(ctx, p)
}
