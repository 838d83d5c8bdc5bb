#!/usr/bin/env bash
# Installs what it takes to open the course's notebooks in Jupyter with no
# network: Debian's Jupyter Notebook and nbconvert, the GoNB kernel and
# goimports at the versions pinned in go.mod, the kernel registered with
# Jupyter for every user, and every Go module the notebooks import. No
# gopls: GoNB only uses it for completion, and it is the image's largest
# program and longest build.
#
#   docker/install.sh --image   in docker/Dockerfile (then cleans up apt's and Go's build caches)
#   docker/install.sh --ci      on a bare Debian machine that has Go, as root (.ci/run); also
#                               Chromium and openssl, for docker/browser_test.go; podman,
#                               runc and debootstrap, for docker/image_test.go; and numpy,
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
# bubblewrap: grader grade runs each submission in a sandbox (grader/sandbox)
PACKAGES=(jupyter-notebook jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel bubblewrap)
if [[ $mode == --ci ]]; then
	PACKAGES+=(chromium openssl) # the browser test drives a demo in headless Chromium, over https too
	PACKAGES+=(podman runc debootstrap) # the image test builds and runs the image
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
go build -o "$BIN/" github.com/janpfeifer/gonb golang.org/x/tools/cmd/goimports

say "register the kernel: gonb --install --force_deps (no gopls) into $JUPYTER_DIR/kernels/gonb"
PATH=$BIN:$PATH JUPYTER_DATA_DIR=$JUPYTER_DIR "$BIN/gonb" --install --force_deps
say "kernel.json: $(cat "$JUPYTER_DIR/kernels/gonb/kernel.json")"

say "go mod download into $(go env GOMODCACHE)"
go mod download

if [[ $mode == --image ]]; then
	say "go clean -cache (the tools' builds are not needed in the image)"
	go clean -cache
fi
say "done"
