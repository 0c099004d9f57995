#!/usr/bin/env bash
# The project's test command (see README.md): formatting, vet, staticcheck, all tests (including
# the check that generated files match the generator and the model, and the fuzz targets' seed
# corpora), the race detector over the concurrent packages, and the separate tests/peer module.
set -euo pipefail
cd "$(dirname "$0")"
# The staticcheck release that test.sh runs (go run fetches it once into the module cache).
staticcheck=honnef.co/go/tools/cmd/staticcheck@v0.8.2
unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
  echo "gofmt: these files are not formatted (run gofmt -w):" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet ./...
go run "$staticcheck" ./...
go test -count=1 ./...
go test -race -count=1 ./engine/ ./engine/sim/... ./engine/enginetest ./luabind/
(cd tests/peer && go vet ./... && go run "$staticcheck" ./... && go test -count=1 ./...)
