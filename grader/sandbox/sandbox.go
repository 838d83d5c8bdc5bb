// Package sandbox runs a command in a Linux sandbox made with bubblewrap
// (bwrap, Debian's package bubblewrap): new user, PID, mount, IPC, UTS,
// cgroup and network namespaces, so the command sees only its own processes,
// has no network but its own loopback, and can write only the folders it is
// given; every other folder it is shown is read-only, and the rest of the
// machine is not there at all. Inside, the command runs as uid 1000, which
// stands for the user who started it: the files it writes belong to that
// user. When the sandbox's first process ends, or the
// bwrap process is killed, the kernel kills every process in it.
package sandbox

import (
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// system is what every sandbox sees read-only: the programs and libraries
// of the machine (where Go is installed too) and its settings.
var system = []string{"/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc"}

// A Sandbox says what a command run in it sees.
type Sandbox struct {
	// ReadOnly are files and folders shown read-only, at the same paths.
	ReadOnly []string
	// Writable are folders shown writable, at the same paths.
	Writable []string
	// Scratch, if set, is a private folder of this size in bytes made in
	// memory at path Scratch.Path, gone when the sandbox ends.
	Scratch *Scratch
	// Env is the whole environment of the command: nothing else is
	// inherited.
	Env []string
	// Dir is the working folder of the command.
	Dir string
}

// A Scratch is a writable folder in memory, private to one sandbox.
type Scratch struct {
	Path string
	Size int64 // bytes
}

// Bwrap is the bubblewrap program.
const Bwrap = "bwrap"

// Args returns the command line that runs argv in the sandbox.
func (s *Sandbox) Args(argv ...string) []string {
	args := []string{Bwrap,
		"--unshare-all", "--die-with-parent", "--new-session",
		"--uid", "1000", "--gid", "1000",
		"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
	}
	for _, p := range system {
		args = append(args, "--ro-bind-try", p, p)
	}
	for _, p := range s.ReadOnly {
		args = append(args, "--ro-bind", p, p)
	}
	for _, p := range s.Writable {
		args = append(args, "--bind", p, p)
	}
	if s.Scratch != nil {
		args = append(args, "--size", strconv.FormatInt(s.Scratch.Size, 10), "--tmpfs", s.Scratch.Path)
	}
	args = append(args, "--clearenv")
	for _, kv := range s.Env {
		k, v, _ := strings.Cut(kv, "=")
		args = append(args, "--setenv", k, v)
	}
	if s.Dir != "" {
		args = append(args, "--chdir", s.Dir)
	}
	return append(append(args, "--"), argv...)
}

// Check reports whether sandboxes can be made on this machine: bwrap is on
// PATH and the kernel lets it make the namespaces.
func Check() error {
	if _, err := exec.LookPath(Bwrap); err != nil {
		return errors.New("bubblewrap (bwrap) is not installed: on Debian or Ubuntu, apt-get install bubblewrap")
	}
	s := &Sandbox{Env: []string{"PATH=/usr/bin:/bin"}}
	args := s.Args("true")
	out, err := exec.Command(args[0], args[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("bwrap cannot make a sandbox here (%v: %s): the kernel or the container may forbid user namespaces", err, out)
	}
	return nil
}
