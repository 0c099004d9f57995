package engine_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/types"
)

// Connect logs in (SSO) and returns a connection whose SystemService leads to every service of
// the API. Here the engine is the simulator; against a real one, give its URL, a user and the
// engine's CA (CAFile).
func ExampleConnect() {
	ctx := context.Background()
	srv, err := sim.Start(ctx, sim.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	user, password := srv.Credentials()

	conn, err := engine.Connect(ctx, engine.Options{
		URL:      srv.URL(), // https://engine.example.com/ovirt-engine/api
		Username: user,      // admin@internal
		Password: password,
		CACerts:  srv.CACertPEM(), // or CAFile: "ca.pem"
	})
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close(ctx)

	vms := conn.SystemService().VmsService()
	list, err := vms.List(ctx, &engine.VmsListParams{Search: types.Ptr("name=vm* sortby name asc")})
	if err != nil {
		log.Fatal(err)
	}
	for _, vm := range list {
		fmt.Println(vm.GetName(), vm.GetStatus())
	}

	// Failures are *engine.Error, told apart by Kind.
	_, err = vms.VmService("no-such-vm").Get(ctx, nil)
	var e *engine.Error
	fmt.Println(errors.As(err, &e) && e.Kind == engine.KindNotFound)
	// Output:
	// vm1 up
	// vm2 down
	// true
}
