// Package jupyter is a headless Jupyter client for running notebooks cell by
// cell. It starts a kernel process (the grader uses GoNB), talks to it with
// the Jupyter messaging protocol over ZeroMQ and collects each cell's outputs
// as nbformat outputs, without Python or a Jupyter server.
//
// Only Unix systems are supported: the kernel runs in its own process group
// so that killing it also kills the programs it started.
package jupyter

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/neurogo/course/grader/notebook"
)

const (
	defaultStartTimeout = 60 * time.Second
	handshakeInterval   = 500 * time.Millisecond // between kernel_info_requests at start
	interruptGrace      = 10 * time.Second       // for the kernel to become idle after an interrupt
	interruptRepeat     = time.Second            // between interrupt_requests during the grace period
	shutdownTimeout     = 5 * time.Second        // for the process to exit after shutdown_request
)

// Options configure how a kernel process is started.
type Options struct {
	Argv         []string      // kernel command line; the element "{connection_file}" is replaced by the connection file path
	Dir          string        // working directory of the kernel process
	Env          []string      // full environment for the kernel process (nil: os.Environ())
	Stderr       io.Writer     // where the kernel's stdout/stderr go (nil: discarded)
	StartTimeout time.Duration // how long to wait for kernel_info_reply (0: 60s)
	// MaxStream and MaxDisplay cap the bytes of stream text and of display
	// data kept from one cell (0: no cap). Past a cap they are dropped, and
	// a note on stderr says so; errors are always kept. Separate caps keep a
	// flood of printing from pushing out the displays after it.
	MaxStream, MaxDisplay int
	// IPCDir, if set, is a folder where the connection file goes and the
	// kernel listens on Unix sockets (the "ipc" transport) instead of TCP
	// ports: a kernel in a sandbox with no network of its own is reached
	// through them. The kernel must see the folder at the same path.
	IPCDir string
}

// A Kernel is a running kernel process and the client's connection to it.
// Its methods may be called from several goroutines; Execute runs one cell
// at a time.
type Kernel struct {
	cmd     *exec.Cmd
	exited  chan struct{} // closed once the process has been reaped
	waitErr error         // the result of cmd.Wait, set before exited is closed
	dir     string        // temporary directory holding the connection file

	maxStream, maxDisplay int // Options.MaxStream and MaxDisplay

	key     []byte // HMAC key
	session string

	shell, control, stdin, iopub *channel
	closeSockets                 context.CancelFunc // cancels the sockets' context
	done                         chan struct{}      // closed on shutdown to stop the readers
	readers                      sync.WaitGroup

	execMu sync.Mutex // held by Execute

	shutdownOnce sync.Once
	shutdownErr  error
}

// A channel is one ZeroMQ socket connected to the kernel. A single reader
// goroutine owns Recv and feeds in, or drops the messages if in is nil;
// sends are serialized by mu.
type channel struct {
	sock zmq4.Socket
	mu   sync.Mutex
	in   chan *message
}

// Result is the outcome of executing one cell.
type Result struct {
	Status         string             // execute_reply status: "ok", "error" or "aborted" ("" if no reply)
	ExecutionCount int                // execution_count of the execute_reply
	Outputs        []*notebook.Output // stream (consecutive chunks of the same stream merged), display_data, execute_result, error, in order
	TimedOut       bool               // the timeout fired and the cell was interrupted
	Duration       time.Duration      // from sending the request to the end of the cell
}

// connectionInfo is the content of a kernel connection file.
type connectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	ControlPort     int    `json:"control_port"`
	HBPort          int    `json:"hb_port"`
	SignatureScheme string `json:"signature_scheme"`
	Key             string `json:"key"`
	KernelName      string `json:"kernel_name"`
}

// Start starts a kernel process as described by opt, connects to it and
// waits until it answers a kernel_info_request and its iopub messages are
// received. The context bounds the start only; the kernel runs until
// Shutdown, which the caller must call even if the kernel has died.
//
// The ports are picked free but are released before the kernel binds them,
// so another process may take one in between; a start that fails for any
// reason but a timeout or the end of ctx is therefore tried again, with new
// ports, up to startAttempts times.
func Start(ctx context.Context, opt Options) (*Kernel, error) {
	if len(opt.Argv) == 0 {
		return nil, errors.New("jupyter: empty kernel command line")
	}
	timeout := opt.StartTimeout
	if timeout == 0 {
		timeout = defaultStartTimeout
	}
	var err error
	for range startAttempts {
		var k *Kernel
		k, err = start(ctx, opt, timeout)
		if err == nil {
			return k, nil
		}
		if errors.Is(err, errStartTimeout) || ctx.Err() != nil {
			break
		}
	}
	return nil, err
}

// startAttempts is how many times Start tries to start a kernel.
const startAttempts = 3

// errStartTimeout is the error of a start that timed out.
var errStartTimeout = errors.New("jupyter: timed out waiting for the kernel to start")

// start makes one attempt at what Start does, within timeout.
func start(ctx context.Context, opt Options, timeout time.Duration) (*Kernel, error) {
	transport, ip, ports := "ipc", "", []int{1, 2, 3, 4, 5}
	if opt.IPCDir == "" {
		transport, ip = "tcp", "127.0.0.1"
		var err error
		if ports, err = freePorts(5); err != nil {
			return nil, fmt.Errorf("jupyter: %v", err)
		}
	}
	dir, err := os.MkdirTemp(opt.IPCDir, "jupyter-")
	if err != nil {
		return nil, fmt.Errorf("jupyter: %v", err)
	}
	if transport == "ipc" {
		ip = filepath.Join(dir, "kernel") // a fresh folder for each attempt
	}
	k := &Kernel{
		maxStream:  opt.MaxStream,
		maxDisplay: opt.MaxDisplay,
		exited:     make(chan struct{}),
		dir:        dir,
		key:        []byte(newID()),
		session:    newID(),
		done:       make(chan struct{}),
	}
	info := connectionInfo{
		Transport:       transport,
		IP:              ip,
		ShellPort:       ports[0],
		IOPubPort:       ports[1],
		StdinPort:       ports[2],
		ControlPort:     ports[3],
		HBPort:          ports[4],
		SignatureScheme: "hmac-sha256",
		Key:             string(k.key),
		KernelName:      "gonb",
	}
	// GoNB takes the kernel id from a file name of this form.
	connFile := filepath.Join(dir, "kernel-"+newID()+".json")
	data, err := json.Marshal(info)
	if err == nil {
		err = os.WriteFile(connFile, data, 0o600)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("jupyter: writing connection file: %v", err)
	}

	argv := slices.Clone(opt.Argv)
	for i, a := range argv {
		if a == "{connection_file}" {
			argv[i] = connFile
		}
	}
	k.cmd = exec.Command(argv[0], argv[1:]...)
	k.cmd.Dir = opt.Dir
	k.cmd.Env = opt.Env
	k.cmd.Stdout = opt.Stderr
	k.cmd.Stderr = opt.Stderr
	k.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Do not wait for output pipes held open by stray grandchildren.
	k.cmd.WaitDelay = time.Second
	if err := k.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("jupyter: starting kernel: %v", err)
	}
	go func() {
		k.waitErr = k.cmd.Wait()
		close(k.exited)
	}()

	startCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	go func() {
		select {
		case <-k.exited:
			cancel()
		case <-startCtx.Done():
		}
	}()
	if err := k.connect(startCtx, info); err != nil {
		k.release()
		return nil, err
	}
	if err := k.handshake(startCtx); err != nil {
		k.release()
		return nil, err
	}
	return k, nil
}

// address is the ZeroMQ address of a port, as the kernel forms it.
func (info connectionInfo) address(port int) string {
	if info.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", info.IP, port)
	}
	return fmt.Sprintf("tcp://%s:%d", info.IP, port)
}

// freePorts returns n distinct TCP ports that were free on 127.0.0.1.
func freePorts(n int) ([]int, error) {
	var ports []int
	for range n {
		// Keep each listener open until all ports are picked, so that
		// they differ.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// connect dials the shell, control, stdin and iopub sockets and starts
// their readers. The heartbeat socket is not used: Alive watches the
// process instead.
func (k *Kernel) connect(ctx context.Context, info connectionInfo) error {
	sockCtx, closeSockets := context.WithCancel(context.Background())
	k.closeSockets = closeSockets
	// Abort the dials, which retry until the kernel listens, if ctx ends.
	stop := context.AfterFunc(ctx, closeSockets)
	defer stop()

	// The shell and stdin sockets must share an identity: the kernel
	// addresses input_request to the identity of the execute_request.
	opts := []zmq4.Option{
		zmq4.WithID(zmq4.SocketIdentity(k.session)),
		zmq4.WithDialerRetry(50 * time.Millisecond),
		zmq4.WithDialerMaxRetries(-1),
	}
	k.shell = &channel{sock: zmq4.NewDealer(sockCtx, opts...)}
	k.control = &channel{sock: zmq4.NewDealer(sockCtx, opts...)}
	k.stdin = &channel{sock: zmq4.NewDealer(sockCtx, opts...)}
	k.iopub = &channel{sock: zmq4.NewSub(sockCtx, opts...)}
	// Subscribing before dialing makes the subscription part of connecting.
	if err := k.iopub.sock.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		return fmt.Errorf("jupyter: subscribing to iopub: %v", err)
	}
	// Nothing is read from control: GoNB sends its replies on shell.
	for _, c := range []struct {
		ch     *channel
		port   int
		listen bool
	}{
		{k.shell, info.ShellPort, true},
		{k.control, info.ControlPort, false},
		{k.stdin, info.StdinPort, true},
		{k.iopub, info.IOPubPort, true},
	} {
		if err := c.ch.sock.Dial(info.address(c.port)); err != nil {
			return k.startError(ctx, err)
		}
		if c.listen {
			c.ch.in = make(chan *message, 64)
		}
		k.readers.Add(1)
		go k.read(c.ch)
	}
	return nil
}

// read receives messages on ch until its socket fails or is closed,
// dropping those that are malformed or wrongly signed. Reading even the
// messages nobody wants keeps ZeroMQ's receive queue from filling up.
func (k *Kernel) read(ch *channel) {
	defer k.readers.Done()
	if ch.in != nil {
		defer close(ch.in)
	}
	for {
		zm, err := ch.sock.Recv()
		if err != nil {
			return
		}
		m, err := k.decode(zm.Frames)
		if err != nil || ch.in == nil {
			continue
		}
		select {
		case ch.in <- m:
		case <-k.done:
			return
		}
	}
}

// handshake sends kernel_info_request every handshakeInterval until the
// kernel has replied on shell and a status message has arrived on iopub,
// which shows that the iopub subscription is live.
func (k *Kernel) handshake(ctx context.Context) error {
	tick := time.NewTicker(handshakeInterval)
	defer tick.Stop()
	request := func() error {
		_, err := k.send(k.shell, "kernel_info_request", nil, struct{}{})
		return err
	}
	if err := request(); err != nil {
		return k.startError(ctx, err)
	}
	replied, published := false, false
	for !replied || !published {
		select {
		case <-tick.C:
			if err := request(); err != nil {
				return k.startError(ctx, err)
			}
		case m, ok := <-k.shell.in:
			if !ok {
				return k.startError(ctx, errors.New("shell connection lost"))
			}
			replied = replied || m.header.MsgType == "kernel_info_reply"
		case m, ok := <-k.iopub.in:
			if !ok {
				return k.startError(ctx, errors.New("iopub connection lost"))
			}
			published = published || m.header.MsgType == "status"
		case <-ctx.Done():
			return k.startError(ctx, ctx.Err())
		}
	}
	return nil
}

// startError describes why starting the kernel failed: preferably because
// the process exited, else because ctx ended, else err.
func (k *Kernel) startError(ctx context.Context, err error) error {
	select {
	case <-k.exited:
		return fmt.Errorf("jupyter: kernel exited during start: %v", k.waitErr)
	default:
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return errStartTimeout
	}
	if ctx.Err() != nil {
		return fmt.Errorf("jupyter: starting kernel: %w", ctx.Err())
	}
	return fmt.Errorf("jupyter: starting kernel: %v", err)
}

// Execute runs code in the kernel and collects its outputs until the kernel
// reports idle for this request. If timeout passes first it interrupts the
// kernel (interrupt_request on the control channel, repeated every second),
// waits a grace period (10 s) for it to become idle, and if it does not,
// kills the kernel process. A timeout of zero or less means no timeout.
//
// An error in the cell is reported in the Result, not as an error. Execute
// returns an error only if the kernel cannot be talked to: it has exited,
// was killed, or ctx ended (then the cell is interrupted). In those cases
// the Result holds what was collected until then.
func (k *Kernel) Execute(ctx context.Context, code string, timeout time.Duration) (*Result, error) {
	k.execMu.Lock()
	defer k.execMu.Unlock()
	if !k.Alive() {
		return nil, k.exitError()
	}
	start := time.Now()
	res := &Result{}
	out := outputs{streamLimit: k.maxStream, displayLimit: k.maxDisplay}
	finish := func(err error) (*Result, error) {
		res.Outputs = out.list
		res.Duration = time.Since(start)
		return res, err
	}

	id, err := k.send(k.shell, "execute_request", nil, map[string]any{
		"code":             code,
		"silent":           false,
		"store_history":    true,
		"user_expressions": map[string]any{},
		"allow_stdin":      true,
		"stop_on_error":    false,
	})
	if err != nil {
		return nil, fmt.Errorf("jupyter: sending execute_request: %v", err)
	}

	var deadline, grace <-chan time.Time
	if timeout > 0 {
		timer := time.NewTimer(timeout)
		defer timer.Stop()
		deadline = timer.C
	}
	// An interrupt that arrives while GoNB is still compiling the cell is
	// lost, so it is repeated until the grace period ends.
	repeat := time.NewTicker(interruptRepeat)
	repeat.Stop()
	defer repeat.Stop()

	replied, idle := false, false
	for !replied || !idle {
		select {
		case m, ok := <-k.iopub.in:
			if !ok {
				return finish(k.lostError("iopub"))
			}
			if m.parent.MsgID != id {
				continue
			}
			if m.header.MsgType == "status" {
				var c struct {
					ExecutionState string `json:"execution_state"`
				}
				json.Unmarshal(m.content, &c)
				idle = idle || c.ExecutionState == "idle"
				continue
			}
			out.add(m)
		case m, ok := <-k.shell.in:
			if !ok {
				return finish(k.lostError("shell"))
			}
			if m.parent.MsgID != id || m.header.MsgType != "execute_reply" {
				continue
			}
			var c struct {
				Status         string `json:"status"`
				ExecutionCount int    `json:"execution_count"`
			}
			json.Unmarshal(m.content, &c)
			res.Status, res.ExecutionCount = c.Status, c.ExecutionCount
			replied = true
		case m, ok := <-k.stdin.in:
			if !ok {
				return finish(k.lostError("stdin"))
			}
			if m.header.MsgType == "input_request" {
				k.send(k.stdin, "input_reply", m.rawHeader, map[string]any{"value": ""})
			}
		case <-deadline:
			res.TimedOut = true
			k.Interrupt()
			grace = time.After(interruptGrace)
			repeat.Reset(interruptRepeat)
		case <-repeat.C:
			k.Interrupt()
		case <-grace:
			k.kill()
			return finish(errors.New("jupyter: kernel still busy after interrupt; killed it"))
		case <-k.exited:
			return finish(k.exitError())
		case <-ctx.Done():
			k.Interrupt()
			return finish(ctx.Err())
		}
	}
	return finish(nil)
}

// exitError reports that the kernel process is gone.
func (k *Kernel) exitError() error {
	return fmt.Errorf("jupyter: kernel exited: %v", k.waitErr)
}

// lostError reports that a socket stopped delivering messages, which
// normally means the kernel has exited or is being shut down.
func (k *Kernel) lostError(name string) error {
	select {
	case <-k.exited:
		return k.exitError()
	default:
		return fmt.Errorf("jupyter: %s connection lost", name)
	}
}

// Alive reports whether the kernel process is running: it is false once
// the process has exited or been killed.
func (k *Kernel) Alive() bool {
	select {
	case <-k.exited:
		return false
	default:
		return true
	}
}

// Interrupt sends interrupt_request on the control channel. It does not
// wait for interrupt_reply, which GoNB sends on the shell channel.
func (k *Kernel) Interrupt() error {
	if !k.Alive() {
		return k.exitError()
	}
	if _, err := k.send(k.control, "interrupt_request", nil, struct{}{}); err != nil {
		return fmt.Errorf("jupyter: sending interrupt_request: %v", err)
	}
	return nil
}

// Shutdown sends shutdown_request on the control channel, waits up to 5 s
// for the process to exit and then kills it with every process it started.
// It always closes the connection and removes the connection file. Calling
// Shutdown again returns the result of the first call.
func (k *Kernel) Shutdown() error {
	k.shutdownOnce.Do(func() {
		if k.Alive() {
			_, err := k.send(k.control, "shutdown_request", nil, map[string]any{"restart": false})
			if err == nil {
				select {
				case <-k.exited:
				case <-time.After(shutdownTimeout):
				}
			}
		}
		k.shutdownErr = k.release()
	})
	return k.shutdownErr
}

// release kills the kernel's process group, closes the sockets, stops the
// readers and removes the connection file.
func (k *Kernel) release() error {
	k.kill()
	close(k.done)
	k.closeSockets()
	for _, ch := range []*channel{k.shell, k.control, k.stdin, k.iopub} {
		ch.sock.Close()
	}
	k.readers.Wait()
	return os.RemoveAll(k.dir)
}

// kill kills the kernel's process group, which includes the programs the
// kernel started, and waits until the kernel has been reaped. The group is
// killed even if the kernel itself has exited, in case a child survived it.
func (k *Kernel) kill() {
	syscall.Kill(-k.cmd.Process.Pid, syscall.SIGKILL)
	<-k.exited
}

// outputs collects the outputs of one cell from its iopub messages.
type outputs struct {
	streamLimit, displayLimit     int // the caps on kept bytes (0: none)
	streamSize, displaySize       int // the bytes kept of each
	streamDropped, displayDropped bool
	list                          []*notebook.Output
	displayIDs                    []string // transient display_id of each output in list, or ""
	clear                         bool     // a clear_output with wait=true is pending
}

// add applies one iopub message to the outputs.
func (o *outputs) add(m *message) {
	var c struct {
		Name           string         `json:"name"`
		Text           string         `json:"text"`
		Data           map[string]any `json:"data"`
		Metadata       map[string]any `json:"metadata"`
		ExecutionCount int            `json:"execution_count"`
		EName          string         `json:"ename"`
		EValue         string         `json:"evalue"`
		Traceback      []string       `json:"traceback"`
		Transient      struct {
			DisplayID string `json:"display_id"`
		} `json:"transient"`
		Wait bool `json:"wait"`
	}
	if json.Unmarshal(m.content, &c) != nil {
		return
	}
	var add *notebook.Output
	switch m.header.MsgType {
	case "stream":
		add = &notebook.Output{Type: notebook.Stream, Name: c.Name, Text: notebook.Text(c.Text)}
	case "display_data":
		add = &notebook.Output{Type: notebook.DisplayData, Data: c.Data, Metadata: c.Metadata}
	case "execute_result":
		add = &notebook.Output{Type: notebook.ExecuteResult, Data: c.Data, Metadata: c.Metadata, ExecutionCount: &c.ExecutionCount}
	case "error":
		add = &notebook.Output{Type: notebook.Error, EName: c.EName, EValue: c.EValue, Traceback: c.Traceback}
	case "update_display_data":
		for i, id := range o.displayIDs {
			if id != "" && id == c.Transient.DisplayID {
				o.list[i].Data, o.list[i].Metadata = c.Data, c.Metadata
			}
		}
		return
	case "clear_output":
		o.clear = true
		if !c.Wait {
			o.flushClear()
		}
		return
	default:
		return
	}
	if add.Type != notebook.Error {
		limit, size, dropped := o.displayLimit, &o.displaySize, &o.displayDropped
		if add.Type == notebook.Stream {
			limit, size, dropped = o.streamLimit, &o.streamSize, &o.streamDropped
		}
		if *size += len(m.content); limit > 0 && *size > limit {
			if *dropped {
				return
			}
			*dropped = true
			add = &notebook.Output{Type: notebook.Stream, Name: "stderr",
				Text: notebook.Text(fmt.Sprintf("\n[%s output past %d bytes dropped]\n", add.Type, limit))}
		}
	}
	o.flushClear()
	if n := len(o.list); n > 0 && add.Type == notebook.Stream && o.list[n-1].Type == notebook.Stream && o.list[n-1].Name == add.Name {
		o.list[n-1].Text += add.Text
		return
	}
	o.list = append(o.list, add)
	o.displayIDs = append(o.displayIDs, c.Transient.DisplayID)
}

// flushClear drops the outputs if a clear is pending.
func (o *outputs) flushClear() {
	if o.clear {
		o.list, o.displayIDs, o.clear = nil, nil, false
	}
}
