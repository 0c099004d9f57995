// Command ovirtsh runs Lua scripts and an interactive shell against the oVirt Engine REST API.
// See `ovirtsh --help`; package cli does the work.
package main

import (
	"context"
	"os"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], cli.OSEnv()))
}
