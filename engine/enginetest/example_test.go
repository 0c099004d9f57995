package enginetest_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/enginetest"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// In a test, Start takes the test's *testing.T: one line gives a simulator and a client logged
// into it, both closed when the test ends.
//
//	func TestAddVM(t *testing.T) {
//		conn, srv := enginetest.Start(t)
//		...
//	}
func ExampleStart() {
	t := &exampleT{} // stands in for a test's *testing.T
	defer t.cleanup()

	conn, srv := enginetest.Start(t)
	ctx := context.Background()
	vm, err := conn.SystemService().VmsService().Add(ctx, &types.Vm{
		Name:     types.Ptr("web1"),
		Cluster:  &types.Cluster{Name: types.Ptr("Default")},
		Template: &types.Template{Name: types.Ptr("Blank")},
	}, nil)
	if err != nil {
		t.Fatalf("add: %v", err)
	}
	fmt.Println(vm.GetName(), srv.URL() != "")

	vms, err := conn.SystemService().VmsService().List(ctx, &engine.VmsListParams{Search: types.Ptr("name=web1")})
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	fmt.Println(len(vms))
	// Output:
	// web1 true
	// 1
}

// exampleT is the part of testing.TB that Start uses, outside a test.
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (t *exampleT) Helper()                           {}
func (t *exampleT) Cleanup(f func())                  { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (t *exampleT) Errorf(format string, args ...any) { fmt.Printf(format+"\n", args...) }

func (t *exampleT) cleanup() {
	for i := len(t.cleanups) - 1; i >= 0; i-- {
		t.cleanups[i]()
	}
}
