// Package display shows a program's results in the GoNB notebook that runs
// it, without GoNB's gonbui package: gonbui brings a logger, the network
// stack and cgo into every program that links it, which makes a check
// cell's program about twice as heavy to link.
//
// It speaks GoNB's display protocol: protocol.DisplayData, gob-encoded,
// over the named pipe the kernel hands each cell's program, and
// protocol.CommValue acknowledgements back over a second pipe.
//
// The kernel reads one gob stream from its pipe: a second encoder on it
// sends type definitions again, the kernel stops reading, and the program
// hangs. So a learner's code that also uses gonbui must not open the
// kernel's pipes itself. When the program starts, this package hands
// gonbui pipes of its own instead (it points GoNB's environment variables
// at them) and relays: what gonbui sends goes on to the kernel through
// this package's one encoder, and what the kernel sends back goes to gonbui,
// except the acknowledgements of this package's own Sync requests.
//
// Outside GoNB nothing is shown and IsNotebook is false.
package display

import (
	"encoding/gob"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// IsNotebook reports whether a GoNB kernel runs the program.
var IsNotebook = os.Getenv(protocol.GONB_PIPE_ENV) != ""

var (
	// The kernel's pipes, as the kernel named them.
	toKernelPath, fromKernelPath = os.Getenv(protocol.GONB_PIPE_ENV), os.Getenv(protocol.GONB_PIPE_BACK_ENV)

	// gonbui's ends of the pipes handed to it: held open for the whole
	// program, so that gonbui can open them by name whenever it likes.
	gonbuiWrites, gonbuiReads *os.File

	// The relay's ends of them.
	fromGonbui, toGonbui *os.File

	mu     sync.Mutex
	enc    *gob.Encoder           // the one encoder on the kernel's pipe
	broken error                  // the first failure: nothing is sent after it
	acks   = map[int]chan error{} // this package's pending Sync requests
	nextID = -1                   // of the next Sync; gonbui counts up from 0
)

func init() {
	if !IsNotebook || fromKernelPath == "" {
		return
	}
	if err := handGonbuiPipes(); err != nil {
		broken = err
		return
	}
	go relayFromGonbui()
}

// handGonbuiPipes makes the two pipes gonbui will use and names them in
// GoNB's environment variables, as files under /dev/fd.
func handGonbuiPipes() error {
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	br, bw, err := os.Pipe()
	if err != nil {
		return err
	}
	fromGonbui, gonbuiWrites, gonbuiReads, toGonbui = r, w, br, bw
	// Fd puts the files gonbui opens anew into blocking mode, which is
	// harmless: this package never reads or writes them.
	if err := os.Setenv(protocol.GONB_PIPE_ENV, fmt.Sprintf("/dev/fd/%d", gonbuiWrites.Fd())); err != nil {
		return err
	}
	return os.Setenv(protocol.GONB_PIPE_BACK_ENV, fmt.Sprintf("/dev/fd/%d", gonbuiReads.Fd()))
}

// open opens the kernel's pipes, in the order the kernel expects, unless
// they are open already, and starts relaying what the kernel sends back.
// It reports a failure, now or earlier. mu must be held.
func open() error {
	if enc != nil || broken != nil {
		return broken
	}
	if !IsNotebook {
		broken = errors.New("display: not run by a GoNB kernel")
		return broken
	}
	w, err := os.OpenFile(toKernelPath, os.O_WRONLY, 0)
	if err != nil {
		broken = err
		return err
	}
	r, err := os.OpenFile(fromKernelPath, os.O_RDONLY, 0)
	if err != nil {
		w.Close()
		broken = err
		return err
	}
	enc = gob.NewEncoder(w)
	go relayFromKernel(r)
	return nil
}

// send sends d to the kernel. mu must be held.
func send(d *protocol.DisplayData) error {
	if err := open(); err != nil {
		return err
	}
	if err := enc.Encode(d); err != nil {
		broken = err
	}
	return broken
}

// Send shows one output made of data, keyed by MIME type: the notebook
// picks the richest it can render.
func Send(data map[protocol.MIMEType]any) {
	mu.Lock()
	defer mu.Unlock()
	send(&protocol.DisplayData{Data: data})
}

// HTML shows an HTML fragment.
func HTML(html string) { Send(map[protocol.MIMEType]any{protocol.MIMETextHTML: html}) }

// PNG shows a PNG image.
func PNG(png []byte) { Send(map[protocol.MIMEType]any{protocol.MIMEImagePNG: png}) }

// Sync returns once the kernel has everything sent before it, by this
// package or through gonbui. GoNB stops reading a program's outputs when
// the program exits, so a program calls Sync before it ends.
func Sync() {
	if !IsNotebook {
		return
	}
	mu.Lock()
	id := nextID
	nextID--
	ack := make(chan error, 1)
	acks[id] = ack
	err := send(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMECommValue: protocol.CommValue{Address: protocol.GonbuiSyncAddress, Value: id},
	}})
	if err != nil {
		delete(acks, id)
	}
	mu.Unlock()
	if err == nil {
		<-ack
	}
}

// UniqueID returns a random identifier, to name an HTML element.
func UniqueID() string { return fmt.Sprintf("%016x", rand.Uint64()) }

// relayFromGonbui sends on to the kernel what gonbui sends.
func relayFromGonbui() {
	dec := gob.NewDecoder(fromGonbui)
	for {
		var d protocol.DisplayData
		if err := dec.Decode(&d); err != nil {
			return
		}
		mu.Lock()
		send(&d)
		mu.Unlock()
	}
}

// relayFromKernel reads what the kernel sends back: it answers this
// package's Sync requests and hands everything else to gonbui. When the
// kernel's pipe fails, every pending Sync returns.
func relayFromKernel(r *os.File) {
	dec := gob.NewDecoder(r)
	var out *gob.Encoder // to gonbui, from its first message on
	lost := false        // gonbui's pipe failed: drop what is meant for it
	for {
		var v protocol.CommValue
		err := dec.Decode(&v)
		if err != nil {
			mu.Lock()
			if broken == nil {
				broken = err
			}
			for id, ack := range acks {
				ack <- err
				delete(acks, id)
			}
			mu.Unlock()
			return
		}
		if id, ok := v.Value.(int); ok && v.Address == protocol.GonbuiSyncAckAddress && id < 0 {
			mu.Lock()
			if ack := acks[id]; ack != nil {
				ack <- nil
				delete(acks, id)
			}
			mu.Unlock()
			continue
		}
		if lost {
			continue
		}
		if out == nil {
			out = gob.NewEncoder(toGonbui)
		}
		lost = out.Encode(&v) != nil
	}
}
