package transfer_test

import (
	"bytes"
	"context"
	"fmt"
	"log"

	"github.com/ovirtsh/ovirtsh/engine"
	"github.com/ovirtsh/ovirtsh/engine/sim"
	"github.com/ovirtsh/ovirtsh/engine/transfer"
)

// ExampleUpload uploads a 4 MiB raw image to the simulator (a real engine is reached the same
// way, with its URL and CA). Its first 64 KiB hold data; the rest is zeros, which are zeroed on
// the server rather than sent.
func ExampleUpload() {
	ctx := context.Background()
	srv, err := sim.Start(ctx, sim.Options{Clock: sim.NewFastClock(100)})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	user, password := srv.Credentials()
	conn, err := engine.Connect(ctx, engine.Options{URL: srv.URL(), Username: user, Password: password, CACerts: srv.CACertPEM()})
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close(ctx)

	img := make([]byte, 4<<20)
	copy(img, bytes.Repeat([]byte("boot"), 16<<10))
	res, err := transfer.Upload(ctx, conn, transfer.UploadOptions{Reader: bytes.NewReader(img), Size: int64(len(img)),
		StorageDomain: "data1", Name: "example", Checksum: true})
	if err != nil {
		log.Fatal(err)
	}
	d := res.Disk
	fmt.Println(d.GetName(), d.GetStatus(), d.GetFormat(), d.GetProvisionedSize())
	fmt.Println("sent", res.Sent, "of", res.Size, "bytes through", res.Endpoint)
	fmt.Println("sha256", res.SHA256[:16])
	// Output:
	// example ok raw 4194304
	// sent 65536 of 4194304 bytes through transfer_url
	// sha256 b61264796ba00475
}
