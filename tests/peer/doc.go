// Package peer checks the simulator (and through it our protocol) against the official Go SDK,
// github.com/ovirt/go-ovirt/v4 at v4.5.0, and benchmarks our client against it. It is a module of its
// own so the official SDK never becomes a dependency of ovirtsh.
package peer
