// Package peer checks the simulator (and through it our protocol) against clients we did not
// write, and benchmarks our client against the official Go SDK. It is a module of its own so
// those clients never become dependencies of ovirtsh.
//
// Besides its own tests against github.com/ovirt/go-ovirt/v4, it runs two judges, reading their
// code from the module cache at test time (nothing of theirs is copied into the repository):
//   - TestGoOvirtExamples builds every example go-ovirt ships into one binary (each file's
//     entry functions exported, the engine URL it hard-codes replaced by the simulator's) and
//     runs each on a fresh simulator seeded with the objects the examples name
//     (sim.Options.Examples);
//   - TestGoOvirtClientLiveSuite runs go-ovirt-client's own live test suite against a fresh
//     simulator.
//
// Each has a table of what cannot pass and why; a failure outside the table fails the test, and
// so does an entry that passes.
package peer
