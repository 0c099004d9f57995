#!/usr/bin/env bash
# The project's test command (see README.md): vet, all tests (including the check that generated
# files match the generator and the model, and the fuzz targets' seed corpora), the race detector
# over the concurrent packages, and the separate tests/peer module.
set -euo pipefail
cd "$(dirname "$0")"
go vet ./...
go test -count=1 ./...
go test -race -count=1 ./engine/ ./engine/sim/... ./engine/enginetest ./luabind/
(cd tests/peer && go vet ./... && go test -count=1 ./...)
