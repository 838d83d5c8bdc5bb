package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Limits bound what the processes of a sandbox may take together.
type Limits struct {
	Memory    int64 // bytes of memory, the scratch folder's included
	Processes int   // processes and threads at once
}

// A Cgroup is a control group of the Linux kernel that holds the processes
// of one sandbox to its Limits: cgroup v2 where the machine has it, else
// the memory and pids controllers of cgroup v1.
type Cgroup struct {
	dirs []string // one per hierarchy
}

// cgroupRoot is where the machine's control groups are mounted.
const cgroupRoot = "/sys/fs/cgroup"

var cgroupCount atomic.Int64

// NewCgroup makes a control group with the limits. It fails where the
// machine has no such controllers or does not let this process make
// groups (as in most containers, and for users other than root without a
// delegated group).
func NewCgroup(l Limits) (*Cgroup, error) {
	name := fmt.Sprintf("neurogo-%d-%d", os.Getpid(), cgroupCount.Add(1))
	c := &Cgroup{}
	mem, pids := strconv.FormatInt(l.Memory, 10), strconv.Itoa(l.Processes)
	var err error
	if controllers, e := os.ReadFile(filepath.Join(cgroupRoot, "cgroup.controllers")); e == nil {
		fields := strings.Fields(string(controllers))
		if !slices.Contains(fields, "memory") || !slices.Contains(fields, "pids") {
			return nil, errors.New("cgroup v2 without the memory and pids controllers")
		}
		err = c.make(filepath.Join(cgroupRoot, name), map[string]string{"memory.max": mem, "memory.swap.max": "0", "pids.max": pids})
	} else {
		err = c.make(filepath.Join(cgroupRoot, "memory", name), map[string]string{"memory.limit_in_bytes": mem})
		if err == nil {
			err = c.make(filepath.Join(cgroupRoot, "pids", name), map[string]string{"pids.max": pids})
		}
	}
	if err != nil {
		c.Remove()
		return nil, fmt.Errorf("no control group for the sandbox's limits: %v", err)
	}
	return c, nil
}

// make makes the group's folder dir in one hierarchy and writes its
// limits; a limit file the kernel lacks (swap accounting off) is skipped.
func (c *Cgroup) make(dir string, limits map[string]string) error {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	c.dirs = append(c.dirs, dir)
	for file, value := range limits {
		err := os.WriteFile(filepath.Join(dir, file), []byte(value), 0o644)
		if err != nil && !(errors.Is(err, os.ErrNotExist) && strings.Contains(file, "swap")) {
			return err
		}
	}
	return nil
}

// Wrap returns a command line that puts itself in the group and then runs
// argv, so that argv and everything it starts are held from their first
// instruction.
func (c *Cgroup) Wrap(argv []string) []string {
	script := ""
	for _, d := range c.dirs {
		script += fmt.Sprintf("echo $$ > %q && ", filepath.Join(d, "cgroup.procs"))
	}
	return append([]string{"/bin/sh", "-c", script + `exec "$@"`, "sh"}, argv...)
}

// Remove kills every process left in the group, waits for them to be gone
// and removes the group. It fails if a process outlives a second.
func (c *Cgroup) Remove() error {
	var errs []error
	for _, d := range c.dirs {
		var err error
		for try := 0; try < 100; try++ {
			for _, pid := range c.procs(d) {
				syscall.Kill(pid, syscall.SIGKILL)
			}
			if err = os.Remove(d); err == nil || errors.Is(err, os.ErrNotExist) {
				err = nil
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("processes outlive their sandbox: %v", err))
		}
	}
	return errors.Join(errs...)
}

// procs lists the processes in the group's folder dir.
func (c *Cgroup) procs(dir string) []int {
	data, _ := os.ReadFile(filepath.Join(dir, "cgroup.procs"))
	var pids []int
	for _, f := range strings.Fields(string(data)) {
		if pid, err := strconv.Atoi(f); err == nil {
			pids = append(pids, pid)
		}
	}
	return pids
}
