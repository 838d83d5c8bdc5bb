#!/usr/bin/env bash
# Installs what it takes to open the course's notebooks in Jupyter with no
# network: Debian's Jupyter Notebook and nbconvert, the GoNB kernel and
# goimports at the versions pinned in go.mod, the kernel registered with
# Jupyter for every user, and every Go module the notebooks import. No
# gopls: GoNB only uses it for completion, and it is the image's largest
# program and longest build.
#
#   docker/install.sh --image   in docker/Dockerfile: also compiles what a cell links into the
#                               build cache, and keeps only what a cell needs of apt and Go
#   docker/install.sh --ci      on a bare Debian machine that has Go, as root (.ci/run); also
#                               Chromium and openssl, for docker/browser_test.go; podman,
#                               runc and mmdebstrap, for docker/image_test.go; and numpy,
#                               Brian2 and g++, for neuro/internal/circuit/cmd/circuitbench
#
# It never downloads Go: the go on PATH (the Docker base image's, or the CI
# machine's) must already satisfy go.mod. Running it again is cheap.
set -euo pipefail

mode=${1:-}
if [[ $mode != --image && $mode != --ci ]]; then
	echo "usage: $0 --image | --ci" >&2
	exit 2
fi

BIN=${NEURO_BIN:-/usr/local/bin}
JUPYTER_DIR=${NEURO_JUPYTER_DIR:-/usr/local/share/jupyter} # on Jupyter's system-wide path
PACKAGES=(jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel)
if [[ $mode == --ci ]]; then
	PACKAGES+=(bubblewrap) # grader grade runs each submission in a sandbox (grader/sandbox)
	PACKAGES+=(chromium openssl) # the browser test drives a demo in headless Chromium, over https too
	PACKAGES+=(podman runc mmdebstrap) # the image test builds and runs the image
	PACKAGES+=(python3-numpy python3-brian g++) # circuitbench's test runs the capstone's circuit in numpy and Brian2 (C++ standalone: g++)
fi

cd "$(dirname "$0")/.."
export GOTOOLCHAIN=local # never fetch another Go toolchain
say() { echo "install.sh: $*"; }

say "Go: $(go version)"

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
	say "apt-get install ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
	if [[ $mode == --image ]]; then
		apt-get clean
		rm -rf /var/lib/apt/lists/*
	fi
else
	say "Debian's Jupyter packages are installed already"
fi
say "$(/usr/bin/jupyter notebook --version | sed 's/^/Jupyter Notebook /') from Debian, nbconvert $(/usr/bin/jupyter nbconvert --version)"

mkdir -p "$BIN"
say "go build gonb and goimports (versions from go.mod) into $BIN"
if [[ $mode == --image ]]; then
	# No cell needs the tools' sources or their compiled packages: build
	# them with caches of their own, removed afterwards.
	tools=$(mktemp -d)
	GOMODCACHE=$tools/mod GOCACHE=$tools/cache go build -o "$BIN/" github.com/janpfeifer/gonb golang.org/x/tools/cmd/goimports
	GOMODCACHE=$tools/mod go clean -modcache
	rm -rf "$tools"
else
	go build -o "$BIN/" github.com/janpfeifer/gonb golang.org/x/tools/cmd/goimports
fi

say "register the kernel: gonb --install --force_deps (no gopls) into $JUPYTER_DIR/kernels/gonb"
PATH=$BIN:$PATH JUPYTER_DATA_DIR=$JUPYTER_DIR "$BIN/gonb" --install --force_deps
say "kernel.json: $(cat "$JUPYTER_DIR/kernels/gonb/kernel.json")"

if [[ $mode == --ci ]]; then
	say "go mod download into $(go env GOMODCACHE)"
	go mod download
	say "done"
	exit
fi

# The image: compile what a cell links besides the course (docker/packages.txt)
# into the build cache with a cell's compile settings: CGO_ENABLED=0, which
# the Dockerfile sets (a cell's -mod=mod and -ldflags=-s are no part of a
# compiled package's cache key). Only their modules enter the module cache.
say "go build docker/packages.txt into $(go env GOCACHE), CGO_ENABLED=$(go env CGO_ENABLED)"
go build $(grep -v '^#' docker/packages.txt)
# A cell's module requires the course's and loads the whole module graph
# (svgo's go.mod predates graph pruning): the go.mod of every module in it.
go list -m all >/dev/null
# Go checks an extracted module against go.sum with its .ziphash and never
# reads the .zip again.
modcache=$(go env GOMODCACHE)
say "remove the module zips: $(du -sh --total "$modcache"/cache/download/*/ | tail -1)"
find "$modcache/cache/download" -name '*.zip' -delete
# Of a module's files a build reads only its Go files, assembly, headers,
# go.mod and what its packages embed: keep those (and the licences), and
# drop tests, testdata and documentation (GoNB's is 64 MB of GIFs). Go
# never checks an extracted module's files again; only `go mod verify`
# would see them gone.
modules=$(go list -f '{{with .Module}}{{.Path}}/...{{end}}' $(grep -v '^#' docker/packages.txt) | sort -u)
embedded=$(GOPROXY=off go list -e -find -f '{{$d := .Dir}}{{range .EmbedFiles}}{{$d}}/{{.}}{{"\n"}}{{end}}' $modules 2>/dev/null)
say "keep of the modules' files only what a build reads: $(du -sh --exclude=cache "$modcache" | cut -f1) before"
extracted=$(find "$modcache" -path "$modcache/cache" -prune -o -type d -name '*@*' -prune -print)
chmod -R u+w $extracted
find $extracted -type f \
	! \( -name '*.go' ! -name '*_test.go' ! -path '*/testdata/*' \) \
	! -name '*.s' ! -name '*.h' ! -name go.mod ! -iname 'LICENSE*' ! -iname 'COPYING*' ! -name PATENTS |
	{ grep -vxF "$embedded" || true; } | xargs -r -d '\n' rm
find $extracted -type d -empty -delete
chmod -R a-w $extracted
say "after: $(du -sh --exclude=cache "$modcache" | cut -f1)"
# Go deletes a cache entry unused for 5 days, and counts from its mtime: an
# image run weeks after it was built would lose all of them to a learner's
# first cell. Entries dated in 2099 are never that old (the Dockerfile does
# the same for the course's packages).
find "$(go env GOCACHE)" -name '*-[ad]' -exec touch -d 2099-12-31 {} +
say "done: module cache $(du -sh "$(go env GOMODCACHE)" | cut -f1), build cache $(du -sh "$(go env GOCACHE)" | cut -f1)"
