package main

import (
	"context"
	"os"

	"github.com/ovirtsh/ovirtsh/cmd/ovirtsh/internal/cli"
)

func main() {
	os.Exit(cli.Main(context.Background(), os.Args[1:], cli.OSEnv()))
}
