// Package display shows a program's results in the notebook that runs it.
//
// It speaks GoNB's display protocol, gob-encoded protocol.DisplayData sent
// over the named pipe the kernel hands each cell's program, and links in
// nothing else: GoNB's own gonbui package brings a logger and the network
// stack with it, which made every check cell's program half again as slow
// to link. Outside GoNB nothing is shown and IsNotebook is false.
package display

import (
	"encoding/gob"
	"errors"
	"os"
	"sync"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// IsNotebook reports whether a GoNB kernel runs the program.
var IsNotebook = os.Getenv(protocol.GONB_PIPE_ENV) != ""

var (
	mu     sync.Mutex
	enc    *gob.Encoder // to the kernel
	dec    *gob.Decoder // from the kernel
	broken error        // the first failure: nothing more is sent after it
	nextID int          // of the next Sync
)

// open opens both pipes, in the order the kernel expects, unless they are
// open already. It reports a failure, now or earlier.
func open() error {
	if enc != nil || broken != nil {
		return broken
	}
	if !IsNotebook {
		broken = errors.New("display: not run by a GoNB kernel")
		return broken
	}
	w, err := os.OpenFile(os.Getenv(protocol.GONB_PIPE_ENV), os.O_WRONLY, 0)
	if err != nil {
		broken = err
		return err
	}
	r, err := os.OpenFile(os.Getenv(protocol.GONB_PIPE_BACK_ENV), os.O_RDONLY, 0)
	if err != nil {
		w.Close()
		broken = err
		return err
	}
	enc, dec = gob.NewEncoder(w), gob.NewDecoder(r)
	return nil
}

// send sends d to the kernel; mu must be held.
func send(d *protocol.DisplayData) {
	if open() != nil {
		return
	}
	if err := enc.Encode(d); err != nil {
		broken = err
	}
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

// Sync returns once the kernel has everything sent before it. GoNB stops
// reading a program's outputs when the program exits, so a program calls
// Sync before it ends.
func Sync() {
	mu.Lock()
	defer mu.Unlock()
	if !IsNotebook || open() != nil {
		return
	}
	id := nextID
	nextID++
	send(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
		protocol.MIMECommValue: &protocol.CommValue{Address: protocol.GonbuiSyncAddress, Value: id},
	}})
	for broken == nil {
		var v protocol.CommValue
		if err := dec.Decode(&v); err != nil {
			broken = err
			return
		}
		if v.Address == protocol.GonbuiSyncAckAddress && v.Value == id {
			return
		}
	}
}
