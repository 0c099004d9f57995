//go:build race

package sim

// raceSlowdown widens timing assertions under the race detector.
const raceSlowdown = 10
